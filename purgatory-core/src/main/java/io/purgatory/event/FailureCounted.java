package io.purgatory.event;

/**
 * A call failed in CLOSED and its failure was counted.
 *
 * @param circuitName the circuit
 * @param consecutiveFailures the count of failures in a row, this one included
 * @param group the group of a keyed circuit, or the circuit name of a plain breaker
 * @param key the key of a keyed circuit, or {@code null} for a plain breaker
 */
public record FailureCounted(String circuitName, int consecutiveFailures, String group, String key) implements CircuitBreakerEvent {

    /**
     * The event of a plain breaker: {@link #group()} is the circuit name and {@link #key()} is {@code null}.
     *
     * @param circuitName see {@link #circuitName()}
     * @param consecutiveFailures see {@link #consecutiveFailures()}
     */
    public FailureCounted(String circuitName, int consecutiveFailures) {
        this(circuitName, consecutiveFailures, circuitName, null);
    }
}
