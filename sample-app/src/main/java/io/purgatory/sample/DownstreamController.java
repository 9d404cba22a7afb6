package io.purgatory.sample;

import java.util.Locale;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Breaks and heals the simulated downstream: {@code PUT /downstream {"mode": "failing"}}. Thread-safe. */
@RestController
public class DownstreamController {

    private final Downstream downstream;

    public DownstreamController(Downstream downstream) {
        this.downstream = downstream;
    }

    @GetMapping("/downstream")
    public Map<String, String> mode() {
        return Map.of("mode", downstream.mode().name().toLowerCase(Locale.ROOT));
    }

    @PutMapping("/downstream")
    public ResponseEntity<Map<String, String>> switchTo(@RequestBody Map<String, String> body) {
        String requested = body.getOrDefault("mode", "");
        try {
            downstream.switchTo(Downstream.Mode.valueOf(requested.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "mode must be healthy, failing or slow, but was '" + requested + "'"));
        }
        return ResponseEntity.ok(mode());
    }

    /** Breaks or heals one symbol only: {@code PUT /downstream/symbols/ACME {"mode": "failing"}}. */
    @PutMapping("/downstream/symbols/{symbol}")
    public ResponseEntity<Map<String, Object>> switchSymbol(@PathVariable String symbol, @RequestBody Map<String, String> body) {
        String requested = body.getOrDefault("mode", "").toLowerCase(Locale.ROOT);
        if (!requested.equals("failing") && !requested.equals("healthy")) {
            return ResponseEntity.badRequest().body(Map.of("error", "mode must be healthy or failing, but was '" + requested + "'"));
        }
        downstream.failSymbol(symbol, requested.equals("failing"));
        return ResponseEntity.ok(Map.of("failingSymbols", downstream.failingSymbols()));
    }
}
