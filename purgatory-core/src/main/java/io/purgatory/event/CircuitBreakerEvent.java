package io.purgatory.event;

/**
 * Something that happened to a circuit. Immutable records; thread-safe.
 *
 * <p>Switch over the permitted types to handle each kind. The events of a keyed circuit (see
 * {@link io.purgatory.CircuitBreakerGroup}) name it {@code group[key]} in {@link #circuitName()} and carry
 * the group and the key apart in {@link #group()} and {@link #key()}.
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

    /**
     * Returns the group of the circuit: for a keyed circuit ({@link io.purgatory.CircuitBreakerGroup}) the
     * group's name, for a plain breaker its own name. Lets a listener aggregate keyed circuits without
     * parsing their names.
     *
     * @return the group name, never {@code null} for the events breakers publish
     */
    default String group() {
        return circuitName();
    }

    /**
     * Returns the key of a keyed circuit.
     *
     * @return the key, or {@code null} for a plain breaker
     */
    default String key() {
        return null;
    }
}
