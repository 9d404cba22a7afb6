package io.purgatory.store;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.TimeSource;

/**
 * Where the state of circuits lives: in this JVM ({@link InMemoryCircuitStore}), in Redis, or in a
 * store of your own. Implementations must be thread-safe.
 *
 * <p>A store hands out one {@link StoredCircuit} per breaker. The breaker asks it for permission
 * before every call and reports every outcome, so the stored circuit decides the state machine;
 * a remote store keeps the hot path local by caching (see {@link StoredCircuit}). A store of your
 * own can wrap {@link InMemoryCircuitStore} and observe or persist what it decides.
 */
public interface CircuitStore {

    /**
     * Returns the short name of this store shown in the actuator and in logs.
     *
     * @return for example {@code memory} or {@code redis}
     */
    String type();

    /**
     * Creates the stored state of one circuit. Called once per breaker, when the breaker is created.
     *
     * @param circuitName the circuit's name
     * @param config the circuit's settings
     * @param time the time source the breaker uses
     * @param signals where the stored circuit reports what it decided
     * @return the circuit's state, ready for calls
     */
    StoredCircuit attach(String circuitName, CircuitBreakerConfig config, TimeSource time, CircuitSignals signals);
}
