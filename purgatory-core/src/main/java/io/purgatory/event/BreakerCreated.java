package io.purgatory.event;

import io.purgatory.CircuitBreakerConfig;

/**
 * A breaker was registered in its factory (first use of its name).
 *
 * @param circuitName the new circuit
 * @param config the settings it was created with
 * @param group the group of a keyed circuit, or the circuit name of a plain breaker
 * @param key the key of a keyed circuit, or {@code null} for a plain breaker
 */
public record BreakerCreated(String circuitName, CircuitBreakerConfig config, String group, String key) implements CircuitBreakerEvent {

    /**
     * The event of a plain breaker: {@link #group()} is the circuit name and {@link #key()} is {@code null}.
     *
     * @param circuitName see {@link #circuitName()}
     * @param config see {@link #config()}
     */
    public BreakerCreated(String circuitName, CircuitBreakerConfig config) {
        this(circuitName, config, circuitName, null);
    }
}
