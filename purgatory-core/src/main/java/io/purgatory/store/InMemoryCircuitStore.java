package io.purgatory.store;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.TimeSource;
import io.purgatory.internal.LocalCircuit;

/**
 * Keeps every circuit's state in this JVM; the default store. Stateless itself; thread-safe.
 *
 * <p>Each attached circuit is a lock-free state machine: a call in CLOSED with no failures
 * outstanding reads one volatile field and allocates nothing.
 */
public final class InMemoryCircuitStore implements CircuitStore {

    /** The value of {@link #type()}. */
    public static final String TYPE = "memory";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public RestorableCircuit attach(String circuitName, CircuitBreakerConfig config, TimeSource time, CircuitSignals signals) {
        return new LocalCircuit(config, time, signals);
    }
}
