package io.purgatory.event;

/**
 * A success (or an excluded exception) reset a non-zero failure count, or a trial call succeeded.
 *
 * @param circuitName the circuit
 */
public record Recovered(String circuitName) implements CircuitBreakerEvent {
}
