package io.purgatory.event;

import io.purgatory.CircuitState;

/**
 * A call was rejected without running.
 *
 * @param circuitName the circuit
 * @param state the state that rejected it (OPEN, HALF_OPEN with every trial slot taken, or FORCED_OPEN)
 */
public record CallRejected(String circuitName, CircuitState state) implements CircuitBreakerEvent {
}
