package io.purgatory.store;

import io.purgatory.CircuitState;
import io.purgatory.event.TransitionCause;

/**
 * How a {@link StoredCircuit} tells its breaker what it decided; the breaker turns each signal into
 * an event. Implemented by the breaker; thread-safe. Stored circuits call it outside any lock, once
 * per decision, on the thread that caused it (or the store's own thread for changes it observed).
 * The breaker hands transitions to listeners in the order of their sequence numbers when the store
 * gives them (see {@link #stateChanged(CircuitState, CircuitState, TransitionCause, long)}), otherwise
 * in the order the store reports them.
 */
public interface CircuitSignals {

    /**
     * A failure was counted in CLOSED.
     *
     * @param consecutiveFailures the count, this failure included
     */
    void failureCounted(int consecutiveFailures);

    /** A success reset a non-zero count, or a trial call succeeded. */
    void recovered();

    /**
     * The circuit changed state.
     *
     * @param from the state before
     * @param to the state after
     * @param cause why
     */
    void stateChanged(CircuitState from, CircuitState to, TransitionCause cause);

    /**
     * The circuit changed state, numbered: the first transition of a circuit is 1 and each later one
     * is one more, in the order the transitions happened (not the order their threads report them).
     * A store that can number its transitions calls this method; the breaker then delivers them to
     * listeners in that order.
     *
     * @param from the state before
     * @param to the state after
     * @param cause why
     * @param sequence the transition's number, from 1
     */
    default void stateChanged(CircuitState from, CircuitState to, TransitionCause cause, long sequence) {
        stateChanged(from, to, cause);
    }

    /**
     * The store could not be reached; the circuit now decides locally.
     *
     * @param reason a short description of the error
     */
    void storeDegraded(String reason);

    /** The store is reachable again. */
    void storeRecovered();
}
