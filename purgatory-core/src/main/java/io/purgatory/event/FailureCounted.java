package io.purgatory.event;

/**
 * A call failed in CLOSED and its failure was counted.
 *
 * @param circuitName the circuit
 * @param consecutiveFailures the count of failures in a row, this one included
 */
public record FailureCounted(String circuitName, int consecutiveFailures) implements CircuitBreakerEvent {
}
