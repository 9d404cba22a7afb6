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
 */
public record ConfigChanged(String circuitName, CircuitBreakerConfig previous, CircuitBreakerConfig current)
        implements CircuitBreakerEvent {
}
