package io.purgatory.redis;

import io.purgatory.RateWindow;
import io.purgatory.SlidingWindowType;
import java.time.Duration;

/**
 * How a breaker's sliding window is laid out in Redis: a ring of {@link #slots()} time slots of
 * {@link #slotMillis()} each, timed by the server clock. Immutable; thread-safe.
 *
 * <p>A time-based window of duration D uses ten slots of D/10, as the local window does. A
 * count-based window of N calls cannot be kept exactly in Redis without one write per call, so it
 * is approximated: slots of one second (or the flush interval, if longer) over the last ten of them,
 * and the window holds the newest N calls among them, newest slot first, the oldest slot taken pro
 * rata. Calls older than the ring's span are forgotten even when fewer than N were seen.
 *
 * @param slotMillis width of one slot in server milliseconds
 * @param slots number of slots in the ring
 * @param countLimit N for a count-based window, 0 for a time-based one
 * @param sequenceRetentionMillis how long the window remembers the last flush of an instance that went silent
 */
record WindowShape(long slotMillis, int slots, int countLimit, long sequenceRetentionMillis) {

    /** Slots of every ring: the same resolution as the local time-based window. */
    static final int SLOTS = 10;

    /** Narrowest slot of a count-based window: short enough to follow a change, long enough to gather calls. */
    static final Duration COUNT_SLOT = Duration.ofSeconds(1);

    /** Shortest memory of applied flushes: far longer than a command can be replayed after a reconnect. */
    static final Duration MIN_SEQUENCE_RETENTION = Duration.ofMinutes(1);

    /**
     * Lays out a window.
     *
     * @param window the breaker's rate settings
     * @param flushInterval how often instances flush
     * @return the layout
     */
    static WindowShape of(RateWindow window, Duration flushInterval) {
        boolean counted = window.type() == SlidingWindowType.COUNT_BASED;
        long slot = counted
                ? Math.max(COUNT_SLOT.toMillis(), flushInterval.toMillis())
                : Math.max(1, window.duration().toMillis() / SLOTS);
        long retention = Math.max(2 * slot * SLOTS, MIN_SEQUENCE_RETENTION.toMillis());
        return new WindowShape(slot, SLOTS, counted ? window.size() : 0, retention);
    }

    /**
     * Returns the capacity reported in {@link io.purgatory.CircuitRates#windowCapacity()}.
     *
     * @return N for a count-based window, -1 for a time-based one
     */
    int capacity() {
        return countLimit > 0 ? countLimit : -1;
    }
}
