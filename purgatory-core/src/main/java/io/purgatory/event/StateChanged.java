package io.purgatory.event;

import io.purgatory.CircuitState;

/**
 * A circuit moved from one state to another.
 *
 * @param circuitName the circuit
 * @param from the state before
 * @param to the state after
 * @param cause why it moved
 */
public record StateChanged(String circuitName, CircuitState from, CircuitState to, TransitionCause cause)
        implements CircuitBreakerEvent {
}
