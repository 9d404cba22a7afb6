package io.purgatory.redis;

import io.purgatory.CircuitRates;
import java.util.List;

/**
 * The answer of the {@code flush} script: the usual code and snapshot, plus the shared window's
 * totals after the flush. Immutable; thread-safe.
 *
 * @param reply the code (see {@code flush.lua}) and the circuit as the script left it
 * @param rates the shared window's calls, failures and slow calls
 */
record FlushReply(ScriptReply reply, CircuitRates rates) {

    /** Code: the deltas were added to the window. */
    static final long ADDED = 1;
    /** Code: the deltas were added and the circuit tripped on a rate. */
    static final long TRIPPED = 2;
    /** Code: this instance's flush with that sequence number had already been applied; nothing changed. */
    static final long DUPLICATE = 3;
    /** Code: the circuit is not CLOSED, so the deltas were dropped (the sequence number still counts as applied). */
    static final long NOT_CLOSED = 4;

    private static final int TOTALS = 3;

    /**
     * Parses the script's array.
     *
     * @param raw the script's reply
     * @param sentNanos local monotonic time when the script was sent
     * @param receivedNanos local monotonic time when it arrived
     * @param minimumCalls calls needed before rates count, for the returned {@link CircuitRates}
     * @param capacity the window's capacity, for the returned {@link CircuitRates}
     * @return the parsed reply
     * @throws UnreadableReplyException when the reply has another shape
     */
    static FlushReply parse(Object raw, long sentNanos, long receivedNanos, int minimumCalls, int capacity) {
        if (!(raw instanceof List<?> values) || values.size() < TOTALS) {
            throw new UnreadableReplyException("unexpected reply from the Purgatory flush script: " + raw, null);
        }
        int snapshotSize = values.size() - TOTALS;
        ScriptReply reply = ScriptReply.parse(values.subList(0, snapshotSize), sentNanos, receivedNanos);
        CircuitRates rates = new CircuitRates(count(values.get(snapshotSize)), count(values.get(snapshotSize + 1)),
                count(values.get(snapshotSize + 2)), minimumCalls, capacity);
        return new FlushReply(reply, rates);
    }

    private static int count(Object value) {
        long n = value instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(value));
        return (int) Math.min(Integer.MAX_VALUE, n);
    }
}
