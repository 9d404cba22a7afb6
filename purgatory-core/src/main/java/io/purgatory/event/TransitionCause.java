package io.purgatory.event;

/** Why a circuit changed state; reported in {@link StateChanged}. */
public enum TransitionCause {

    /** The consecutive-failure threshold was reached (CLOSED → OPEN). */
    CONSECUTIVE_FAILURES,

    /** The failure rate of the sliding window reached its threshold (CLOSED → OPEN). */
    FAILURE_RATE,

    /** The slow-call rate of the sliding window reached its threshold (CLOSED → OPEN). */
    SLOW_CALL_RATE,

    /** The open period passed and a call arrived (OPEN → HALF_OPEN). */
    OPEN_PERIOD_ELAPSED,

    /** Enough trial calls succeeded (HALF_OPEN → CLOSED). */
    TRIAL_SUCCEEDED,

    /** A trial call failed (HALF_OPEN → OPEN). */
    TRIAL_FAILED,

    /** Someone forced the state through the API or the actuator endpoint. */
    FORCED,

    /** Another instance changed the shared state; this instance observed it in its store. */
    SHARED_STATE
}
