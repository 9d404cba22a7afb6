package io.purgatory.store;

import io.purgatory.CircuitRates;
import io.purgatory.CircuitState;

/**
 * The state machine of one circuit as a store keeps it. Implementations must be thread-safe and
 * must never throw from the call-path methods: an unreachable remote store answers from local state.
 *
 * <p>Permits are plain {@code long}s so that the call path allocates nothing: any value but
 * {@link #REJECTED} is a permit, its meaning the store's own. {@link #NORMAL_PERMIT} is the permit of
 * a call admitted in CLOSED or DISABLED when the store does not tell periods apart; the in-memory
 * store tags its permits with the closed period or the trial they belong to, so that a call admitted
 * before a trip does not count after it, and each trial permit counts once. Trial permits are positive
 * and below {@code 1L << 62}.
 *
 * <p>{@link #acquire()} must answer from local memory when the circuit is CLOSED, DISABLED,
 * FORCED_OPEN, or OPEN before its deadline; only taking a trial permit may involve I/O.
 */
public interface StoredCircuit {

    /** The permit of a call admitted without a trial (CLOSED or DISABLED). */
    long NORMAL_PERMIT = 0L;

    /** The answer of {@link #acquire()} when the call must not run. */
    long REJECTED = -1L;

    /** Marks the permits the in-memory store hands out in CLOSED or DISABLED, tagged with their period. */
    long FREE_PERMIT_FLAG = 1L << 61;

    /**
     * Whether a permit was handed out to a call admitted freely (CLOSED or DISABLED) rather than to a
     * trial: {@link #NORMAL_PERMIT}, or an in-memory store's tagged permit. A store that falls back to
     * an in-memory circuit uses it to treat the fallback's free permits as its own normal ones.
     *
     * @param permit a permit
     * @return {@code true} for a freely admitted call's permit
     */
    static boolean isFree(long permit) {
        return permit == NORMAL_PERMIT || (permit > 0 && permit < (1L << 62) && (permit & FREE_PERMIT_FLAG) != 0);
    }

    /**
     * Asks whether a call may run now.
     *
     * @return a permit (non-negative), or {@link #REJECTED}
     */
    long acquire();

    /**
     * Reports that an admitted call succeeded (or threw an excluded exception).
     *
     * @param permit the permit returned by {@link #acquire()}
     * @param durationNanos how long the call took
     */
    void onSuccess(long permit, long durationNanos);

    /**
     * Reports that an admitted call failed with a counted exception.
     *
     * @param permit the permit returned by {@link #acquire()}
     * @param durationNanos how long the call took
     */
    void onFailure(long permit, long durationNanos);

    /**
     * Gives back a permit whose call ended with neither outcome (for example a cancelled subscription).
     *
     * @param permit the permit returned by {@link #acquire()}
     */
    void release(long permit);

    /**
     * Forces the circuit into a state. {@link CircuitState#CLOSED} also resets the failure count;
     * {@link CircuitState#OPEN} starts a fresh open period; {@link CircuitState#HALF_OPEN} starts a fresh trial round.
     *
     * @param target the state to enter
     */
    void transitionTo(CircuitState target);

    /**
     * Returns the current state as this instance knows it, without I/O.
     *
     * @return an immutable snapshot
     */
    CircuitSnapshot snapshot();

    /**
     * Returns the current state as this instance knows it, without I/O and without allocating.
     *
     * @return the current state
     */
    CircuitState state();

    /**
     * Returns when the circuit last opened, for the rejection exception, without I/O.
     *
     * @return epoch milliseconds, or {@link io.purgatory.CircuitOpenException#UNKNOWN_OPENING}
     */
    default long openedAtMillis() {
        java.time.Instant openedAt = snapshot().openedAt();
        return openedAt == null ? io.purgatory.CircuitOpenException.UNKNOWN_OPENING : openedAt.toEpochMilli();
    }

    /**
     * Returns the rates of the circuit's sliding window as this instance knows them, without I/O.
     *
     * @return the rates, or {@link CircuitRates#NONE} when the circuit has no rate condition
     */
    default CircuitRates rates() {
        return CircuitRates.NONE;
    }

    /**
     * Returns the current count of failures in a row, without I/O and without allocating.
     *
     * @return the consecutive failure count
     */
    int consecutiveFailures();

    /**
     * Replaces the settings this circuit decides with, keeping its state: called when the breaker's
     * configuration changes at runtime, at most once at a time per circuit, never on the call path.
     * An implementation keeps the consecutive-failure count (a new threshold at or below it opens the
     * circuit on the next counted failure), an open period in progress with its deadline, the trials in
     * flight (a smaller {@code halfOpenCalls} admits no new trial until fewer run), a forced state, and
     * the sliding window's calls when {@link io.purgatory.RateWindow#hasSameShape the window's shape} is
     * unchanged; a window of another shape starts empty.
     *
     * <p>The default does nothing and answers {@code false}: a store written before runtime
     * reconfiguration existed keeps deciding with the settings it was attached with (threshold, ttl,
     * trials, window), while the breaker's own part of the new settings (exclude rules, call timing)
     * applies at once. The breaker logs a warning when a store answers {@code false}.
     *
     * @param config the new settings
     * @return {@code true} when the circuit now decides with {@code config}
     */
    default boolean reconfigure(io.purgatory.CircuitBreakerConfig config) {
        return false;
    }

    /**
     * Tells the store that no breaker uses this circuit any more (a keyed circuit its group evicted), so
     * that it can drop what it keeps for it; the shared state itself is left to expire. Calls still in
     * flight on it may finish. The default does nothing: a store that keeps nothing per circuit needs nothing.
     */
    default void detach() {
    }
}
