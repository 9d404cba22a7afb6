package io.purgatory.event;

import io.purgatory.CircuitBreakerConfig;

/**
 * A breaker was registered in its factory (first use of its name).
 *
 * @param circuitName the new circuit
 * @param config the settings it was created with
 */
public record BreakerCreated(String circuitName, CircuitBreakerConfig config) implements CircuitBreakerEvent {
}
