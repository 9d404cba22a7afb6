package io.purgatory.redis;

import io.purgatory.CircuitState;
import java.util.List;

/**
 * One script's answer: its result code and the circuit as the script left it. Immutable; thread-safe.
 *
 * <p>A state this version does not know (written by a newer version, or by hand) reads as a missing
 * hash would: CLOSED with no failures. The circuit logs it; no other circuit is affected.
 *
 * @param code the script's result (see each script's header comment)
 * @param snapshot the circuit after the script ran
 * @param unknownState the stored state when this version does not know it, otherwise {@code null}
 */
record ScriptReply(long code, SharedSnapshot snapshot, String unknownState) {

    /** Number of elements every script returns (see {@code reply} in {@code prelude.lua}). */
    private static final int SIZE = 13;

    /**
     * Parses the array every script returns.
     *
     * @param raw the script's reply (integers as {@code Long}, strings as {@code String})
     * @param sentNanos local monotonic time when the script was sent
     * @param receivedNanos local monotonic time when it arrived
     * @return the parsed reply
     * @throws UnreadableReplyException when the reply has another shape (for example another script version)
     */
    static ScriptReply parse(Object raw, long sentNanos, long receivedNanos) {
        if (!(raw instanceof List<?> values) || values.size() != SIZE) {
            throw new UnreadableReplyException("unexpected reply from a Purgatory script: " + raw, null);
        }
        try {
            return parse(values, sentNanos, receivedNanos);
        } catch (NumberFormatException notANumber) {
            throw new UnreadableReplyException("unexpected reply from a Purgatory script: " + raw, notANumber);
        }
    }

    private static ScriptReply parse(List<?> values, long sentNanos, long receivedNanos) {
        String stored = text(values.get(1));
        CircuitState state = known(stored);
        boolean readable = state != null;
        SharedSnapshot snapshot = new SharedSnapshot(
                readable ? state : CircuitState.CLOSED,
                number(values.get(2)),
                readable ? (int) number(values.get(3)) : 0,
                number(values.get(4)),
                number(values.get(5)),
                number(values.get(6)),
                sentNanos,
                receivedNanos,
                number(values.get(7)),
                (int) number(values.get(8)),
                (int) number(values.get(9)),
                readable ? (int) number(values.get(10)) : 0,
                text(values.get(11)),
                text(values.get(12)),
                0);
        return new ScriptReply(number(values.get(0)), snapshot, readable ? null : stored);
    }

    private static CircuitState known(String stored) {
        for (CircuitState state : CircuitState.values()) {
            if (state.name().equals(stored)) {
                return state;
            }
        }
        return null;
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
