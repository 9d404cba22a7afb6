package io.purgatory;

/** How a call through a breaker ended; the {@code outcome} of the call statistics and meters. */
public enum CallOutcome {

    /** The call returned normally. */
    SUCCESS,

    /** The call threw a counted exception. */
    FAILURE,

    /** The call threw an excluded exception, which counts as a success. */
    EXCLUDED,

    /** The call was rejected without running. */
    REJECTED
}
