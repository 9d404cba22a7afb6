package io.purgatory;

/**
 * The state of a circuit. Immutable enum constants; thread-safe.
 *
 * <p>{@link #CLOSED}, {@link #OPEN} and {@link #HALF_OPEN} are Purgatory's three states;
 * {@link #FORCED_OPEN} and {@link #DISABLED} are manual states that only an operator
 * (or code calling {@link CircuitBreaker#transitionTo(CircuitState)}) enters and leaves.
 */
public enum CircuitState {

    /** Calls run; counted failures accumulate until a trip condition holds. */
    CLOSED,

    /** Calls are rejected until the open period has passed. */
    OPEN,

    /** A limited number of trial calls decide whether the circuit closes or opens again. */
    HALF_OPEN,

    /** Every call is rejected until an operator releases the circuit. */
    FORCED_OPEN,

    /** Every call runs and is measured, but nothing ever opens the circuit. */
    DISABLED;

    /**
     * Whether a call in this state may run without asking for a trial permit.
     *
     * @return {@code true} for {@link #CLOSED} and {@link #DISABLED}
     */
    public boolean permitsAllCalls() {
        return this == CLOSED || this == DISABLED;
    }
}
