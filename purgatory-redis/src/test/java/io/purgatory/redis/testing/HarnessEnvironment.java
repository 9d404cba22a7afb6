package io.purgatory.redis.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The harness's settings, with system properties overriding environment variables; immutable and thread-safe.
 */
record HarnessEnvironment(Map<String, String> values) {

    /** Path to a redis-server executable to use instead of the one on PATH. */
    static final String SERVER = "PURGATORY_REDIS_SERVER";

    /** {@code auto} (default), {@code embedded} (always the jar's 6.2 binary) or {@code system} (never it). */
    static final String BINARY = "PURGATORY_REDIS_BINARY";

    /** {@code redis://host:port} of an already running server, used instead of starting one. */
    static final String URL = "PURGATORY_REDIS_URL";

    HarnessEnvironment {
        values = Map.copyOf(values);
    }

    static HarnessEnvironment current() {
        Map<String, String> merged = new HashMap<>(System.getenv());
        // System properties win so that `mvn test -DPURGATORY_REDIS_BINARY=embedded` works without exporting anything.
        System.getProperties().forEach((key, value) -> merged.put(key.toString(), value.toString()));
        return new HarnessEnvironment(merged);
    }

    static HarnessEnvironment of(Map<String, String> values) {
        return new HarnessEnvironment(values);
    }

    /** Blank counts as unset, because CI templates often export empty variables. */
    Optional<String> get(String name) {
        return Optional.ofNullable(this.values.get(name)).map(String::strip).filter((value) -> !value.isEmpty());
    }

}
