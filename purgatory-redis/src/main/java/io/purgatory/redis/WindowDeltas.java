package io.purgatory.redis;

import java.util.concurrent.atomic.LongAdder;

/**
 * The calls, failures and slow calls one instance saw since its last flush of a circuit's shared
 * window. Thread-safe: recording is lock-free and allocation-free (striped {@link LongAdder}s, so
 * busy callers do not contend on one cache line); {@link #drain()} runs on the store's thread.
 *
 * <p>A call is recorded as "calls" first and "failure"/"slow" second, and drained in the opposite
 * order, so every drained failure or slow call has its call in the same or an earlier drain: the
 * shared failure rate is never overstated by a call caught halfway. Nothing is lost or counted twice
 * across drains ({@link LongAdder#sumThenReset()} swaps each cell out).
 */
final class WindowDeltas {

    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder slowCalls = new LongAdder();

    /** Counts drained at once. */
    record Drained(long calls, long failures, long slowCalls) {

        /** Whether there is anything to flush. */
        boolean isEmpty() {
            return calls == 0 && failures == 0 && slowCalls == 0;
        }
    }

    /**
     * Counts one call.
     *
     * @param failure whether it was a counted failure
     * @param slow whether it was slow
     */
    void record(boolean failure, boolean slow) {
        calls.increment();
        if (failure) {
            failures.increment();
        }
        if (slow) {
            slowCalls.increment();
        }
    }

    /**
     * Whether anything was recorded since the previous drain.
     *
     * @return {@code true} when there are calls to send
     */
    boolean hasNews() {
        return calls.sum() != 0;
    }

    /**
     * Takes the counts recorded since the previous drain and starts again from zero.
     *
     * @return the counts taken
     */
    Drained drain() {
        long failed = failures.sumThenReset();
        long slow = slowCalls.sumThenReset();
        return new Drained(calls.sumThenReset(), failed, slow);
    }

    /** Forgets the counts not yet drained (Redis became unavailable: they are not sent later). */
    void discard() {
        drain();
    }
}
