package io.purgatory.autoconfigure.redis;

import io.purgatory.CircuitState;
import java.util.List;

/**
 * One script's answer: its result code and the circuit as the script left it. Immutable; thread-safe.
 *
 * @param code the script's result (see each script's header comment)
 * @param snapshot the circuit after the script ran
 */
record ScriptReply(long code, SharedSnapshot snapshot) {

    /** Number of elements every script returns (see {@code reply} in {@code prelude.lua}). */
    private static final int SIZE = 13;

    /**
     * Parses the array every script returns.
     *
     * @param raw the script's reply (integers as {@code Long}, strings as {@code String})
     * @param sentNanos local monotonic time when the script was sent
     * @param receivedNanos local monotonic time when it arrived
     * @return the parsed reply
     * @throws IllegalStateException when the reply has another shape (for example another script version)
     */
    static ScriptReply parse(Object raw, long sentNanos, long receivedNanos) {
        if (!(raw instanceof List<?> values) || values.size() != SIZE) {
            throw new IllegalStateException("Unexpected reply from a Purgatory script: " + raw);
        }
        SharedSnapshot snapshot = new SharedSnapshot(
                CircuitState.valueOf(text(values.get(1))),
                number(values.get(2)),
                (int) number(values.get(3)),
                number(values.get(4)),
                number(values.get(5)),
                number(values.get(6)),
                sentNanos,
                receivedNanos,
                number(values.get(7)),
                (int) number(values.get(8)),
                (int) number(values.get(9)),
                (int) number(values.get(10)),
                text(values.get(11)),
                text(values.get(12)));
        return new ScriptReply(number(values.get(0)), snapshot);
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        return Long.parseLong(text(value));
    }

    private static String text(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return value == null ? "" : value.toString();
    }
}
