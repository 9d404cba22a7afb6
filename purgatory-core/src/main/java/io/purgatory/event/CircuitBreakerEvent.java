package io.purgatory.event;

/**
 * Something that happened to a circuit. Immutable records; thread-safe.
 *
 * <p>Switch over the permitted types to handle each kind.
 */
public sealed interface CircuitBreakerEvent
        permits BreakerCreated, StateChanged, FailureCounted, Recovered, CallRejected, CallFinished, StoreDegraded,
        StoreRecovered, ConfigChanged {

    /**
     * Returns the name of the circuit the event is about.
     *
     * @return the circuit name
     */
    String circuitName();
}
