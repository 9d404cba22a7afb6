package io.purgatory.event;

import io.purgatory.CircuitBreakerConfig;

/**
 * A breaker's configuration was replaced at runtime (see
 * {@link io.purgatory.CircuitBreakerFactory#reconfigure(String, CircuitBreakerConfig)}); its state was kept.
 * Published once per breaker and change, before any transition the new settings cause at once.
 *
 * @param circuitName the circuit
 * @param previous the settings it had
 * @param current the settings it has now
 * @param group the group of a keyed circuit, or the circuit name of a plain breaker
 * @param key the key of a keyed circuit, or {@code null} for a plain breaker
 */
public record ConfigChanged(String circuitName, CircuitBreakerConfig previous, CircuitBreakerConfig current,
        String group, String key) implements CircuitBreakerEvent {

    /**
     * The event of a plain breaker: {@link #group()} is the circuit name and {@link #key()} is {@code null}.
     *
     * @param circuitName see {@link #circuitName()}
     * @param previous see {@link #previous()}
     * @param current see {@link #current()}
     */
    public ConfigChanged(String circuitName, CircuitBreakerConfig previous, CircuitBreakerConfig current) {
        this(circuitName, previous, current, circuitName, null);
    }
}
