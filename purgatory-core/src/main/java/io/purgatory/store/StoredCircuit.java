package io.purgatory.store;

import io.purgatory.CircuitRates;
import io.purgatory.CircuitState;

/**
 * The state machine of one circuit as a store keeps it. Implementations must be thread-safe and
 * must never throw from the call-path methods: an unreachable remote store answers from local state.
 *
 * <p>Permits are plain {@code long}s so that the call path allocates nothing:
 * {@link #NORMAL_PERMIT} for calls admitted in CLOSED or DISABLED, a positive trial number for
 * trial calls in HALF_OPEN, and {@link #REJECTED} when the call must not run.
 *
 * <p>{@link #acquire()} must answer from local memory when the circuit is CLOSED, DISABLED,
 * FORCED_OPEN, or OPEN before its deadline; only taking a trial permit may involve I/O.
 */
public interface StoredCircuit {

    /** The permit of a call admitted without a trial (CLOSED or DISABLED). */
    long NORMAL_PERMIT = 0L;

    /** The answer of {@link #acquire()} when the call must not run. */
    long REJECTED = -1L;

    /**
     * Asks whether a call may run now.
     *
     * @return {@link #NORMAL_PERMIT}, a positive trial permit, or {@link #REJECTED}
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
}
