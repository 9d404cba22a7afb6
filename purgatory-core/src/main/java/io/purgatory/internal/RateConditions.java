package io.purgatory.internal;

import io.purgatory.CircuitRates;
import io.purgatory.RateWindow;
import io.purgatory.TimeSource;
import io.purgatory.event.TransitionCause;

/**
 * The rate-based trip conditions of one circuit: its sliding window and the failure-rate and
 * slow-call-rate thresholds it is judged by. Lock-free and allocation-free on a success; thread-safe.
 */
final class RateConditions {

    private final RateWindow settings;
    private final SlidingWindow window;

    private RateConditions(RateWindow settings, SlidingWindow window) {
        this.settings = settings;
        this.window = window;
    }

    /**
     * Returns the conditions the settings ask for.
     *
     * @param settings the rate settings
     * @return the conditions, or {@code null} when no rate condition is configured
     */
    static RateConditions of(RateWindow settings) {
        return settings.enabled() ? new RateConditions(settings, SlidingWindow.of(settings)) : null;
    }

    /**
     * Returns the conditions of new settings for a circuit that had {@code current}: a window of the same
     * shape keeps its calls (and takes the new minimum), any other starts empty.
     *
     * @param current the circuit's conditions until now, or {@code null}
     * @param settings the new rate settings
     * @return the new conditions, or {@code null} when no rate condition is configured
     */
    static RateConditions reconfigured(RateConditions current, RateWindow settings) {
        if (!settings.enabled()) {
            return null;
        }
        if (current == null || !current.settings.hasSameShape(settings)) {
            return of(settings);
        }
        current.window.minimumCalls(settings.minimumCalls());
        return new RateConditions(settings, current.window);
    }

    /**
     * Records a call that ran in CLOSED and tells whether a condition now holds. The window is judged
     * after a failure or a slow call, and after any call that brought it to its minimum or slid it
     * past older calls; a success in a full, unchanged window can only lower the rates, so it skips
     * the judgement.
     *
     * @param failure whether the call failed with a counted exception
     * @param durationNanos how long it took
     * @param time the clock, read only by a time-based window
     * @return the condition that holds, or {@code null}
     */
    TransitionCause record(boolean failure, long durationNanos, TimeSource time) {
        long nowNanos = now(time);
        boolean slow = settings.isSlow(durationNanos);
        boolean windowChanged = window.record(failure, slow, nowNanos);
        return failure || slow || windowChanged ? holding(window.rates(nowNanos)) : null;
    }

    /**
     * Records a call without judging the window: for DISABLED, which measures but never trips.
     *
     * @param failure whether the call failed with a counted exception
     * @param durationNanos how long it took
     * @param time the clock, read only by a time-based window
     */
    void measure(boolean failure, long durationNanos, TimeSource time) {
        window.record(failure, settings.isSlow(durationNanos), now(time));
    }

    private TransitionCause holding(CircuitRates rates) {
        if (rates.calls() < rates.minimumCalls()) {
            return null;
        }
        float failureThreshold = settings.failureRateThreshold();
        if (failureThreshold > 0f && rates.failureRate() >= failureThreshold) {
            return TransitionCause.FAILURE_RATE;
        }
        float slowThreshold = settings.slowCallRateThreshold();
        if (slowThreshold > 0f && rates.slowCallRate() >= slowThreshold) {
            return TransitionCause.SLOW_CALL_RATE;
        }
        return null;
    }

    CircuitRates rates(TimeSource time) {
        return window.rates(now(time));
    }

    /** A count-based window has no use for the time: the clock is read only when the window needs it. */
    private long now(TimeSource time) {
        return window.readsTime() ? time.nanoTime() : 0L;
    }

    /** Forgets every call: each closed period starts with an empty window. */
    void reset() {
        window.reset();
    }
}
