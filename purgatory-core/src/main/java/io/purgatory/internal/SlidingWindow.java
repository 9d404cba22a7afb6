package io.purgatory.internal;

import io.purgatory.CircuitRates;
import io.purgatory.RateWindow;
import io.purgatory.SlidingWindowType;

/**
 * The recent calls of a circuit in CLOSED, bounded in memory, for the rate conditions. Recording is
 * lock-free and allocates nothing per call; implementations are thread-safe.
 */
interface SlidingWindow {

    /**
     * Creates the window the settings ask for.
     *
     * @param settings the rate settings
     * @return a count- or time-based window
     */
    static SlidingWindow of(RateWindow settings) {
        return settings.type() == SlidingWindowType.COUNT_BASED
                ? new CountWindow(settings.size(), settings.minimumCalls())
                : new TimeWindow(settings.duration(), settings.minimumCalls());
    }

    /**
     * Whether the window needs the time of each call; when not, callers pass 0 instead of reading a clock.
     *
     * @return {@code true} for a time-based window
     */
    boolean readsTime();

    /**
     * Records one call, and tells whether the rest of the window changed with it: the window grew
     * towards its minimum number of calls, or slid past older calls. Then even a fast success can
     * leave a rate above its threshold; otherwise only a failure or a slow call can raise one.
     *
     * @param failure whether it was a counted failure
     * @param slow whether it was slow
     * @param nowNanos the monotonic time of the call's end
     * @return whether the rates must be judged again whatever the call's outcome
     */
    boolean record(boolean failure, boolean slow, long nowNanos);

    /**
     * Returns the totals of the calls the window holds now.
     *
     * @param nowNanos the monotonic time
     * @return the rates
     */
    CircuitRates rates(long nowNanos);

    /** Forgets every call (the circuit closed, or opened). */
    void reset();

    /**
     * Changes how many calls the window must hold before rates count, keeping the calls it holds:
     * the breaker was reconfigured with a window of the same shape.
     *
     * @param minimumCalls at least 1
     */
    void minimumCalls(int minimumCalls);
}
