package io.purgatory.sample;

import io.purgatory.CircuitOpenException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The demo's HTTP API over {@link QuoteClient}. Thread-safe. */
@RestController
public class QuoteController {

    private final QuoteClient client;

    public QuoteController(QuoteClient client) {
        this.client = client;
    }

    @GetMapping("/quotes/{symbol}")
    public QuoteClient.Quote quote(@PathVariable String symbol) {
        return client.quote(symbol);
    }

    @GetMapping("/quotes/{symbol}/by-symbol")
    public QuoteClient.Quote quoteBySymbol(@PathVariable String symbol) {
        return client.quoteBySymbol(symbol);
    }

    @GetMapping("/quotes/{symbol}/async")
    public CompletableFuture<QuoteClient.Quote> quoteAsync(@PathVariable String symbol) {
        return client.quoteAsync(symbol);
    }

    @GetMapping("/quotes/{symbol}/reactive")
    public Mono<QuoteClient.Quote> quoteReactive(@PathVariable String symbol) {
        return client.quoteReactive(symbol);
    }

    @PostMapping("/orders/{item}")
    public Map<String, String> order(@PathVariable String item) {
        return Map.of("result", client.order(item));
    }

    @ExceptionHandler(CircuitOpenException.class)
    ResponseEntity<Map<String, String>> rejected(CircuitOpenException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(Downstream.DownstreamUnavailableException.class)
    ResponseEntity<Map<String, String>> downstreamFailed(Downstream.DownstreamUnavailableException e) {
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(QuoteClient.OutOfStockException.class)
    ResponseEntity<Map<String, String>> outOfStock(QuoteClient.OutOfStockException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }
}
