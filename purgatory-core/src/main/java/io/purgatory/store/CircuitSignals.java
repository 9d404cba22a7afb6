package io.purgatory.store;

import io.purgatory.CircuitState;
import io.purgatory.event.TransitionCause;

/**
 * How a {@link StoredCircuit} tells its breaker what it decided; the breaker turns each signal into
 * an event. Implemented by the breaker; thread-safe. Stored circuits call it outside any lock, once
 * per decision, on the thread that caused it (or the store's own thread for changes it observed).
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
     * The store could not be reached; the circuit now decides locally.
     *
     * @param reason a short description of the error
     */
    void storeDegraded(String reason);

    /** The store is reachable again. */
    void storeRecovered();
}
