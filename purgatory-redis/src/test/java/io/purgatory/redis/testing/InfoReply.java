package io.purgatory.redis.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses the {@code field:value} text of {@code INFO} and {@code CLUSTER INFO}; stateless and thread-safe.
 */
final class InfoReply {

    private static final String CMDSTAT = "cmdstat_";

    private InfoReply() {
    }

    static Map<String, String> fields(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        text.lines().filter((line) -> !line.startsWith("#") && line.contains(":")).forEach((line) -> {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
        });
        return fields;
    }

    /** {@code cmdstat_evalsha:calls=12,usec=...} becomes {@code evalsha -> 12}. */
    static Map<String, Long> commandCalls(Map<String, String> commandstats) {
        Map<String, Long> calls = new LinkedHashMap<>();
        commandstats.forEach((key, value) -> {
            if (key.startsWith(CMDSTAT)) {
                for (String stat : value.split(",")) {
                    if (stat.startsWith("calls=")) {
                        calls.put(key.substring(CMDSTAT.length()), Long.parseLong(stat.substring("calls=".length())));
                    }
                }
            }
        });
        return calls;
    }

}
