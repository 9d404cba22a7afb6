package io.purgatory.event;

/**
 * A success (or an excluded exception) reset a non-zero failure count, or a trial call succeeded.
 *
 * @param circuitName the circuit
 * @param group the group of a keyed circuit, or the circuit name of a plain breaker
 * @param key the key of a keyed circuit, or {@code null} for a plain breaker
 */
public record Recovered(String circuitName, String group, String key) implements CircuitBreakerEvent {

    /**
     * The event of a plain breaker: {@link #group()} is the circuit name and {@link #key()} is {@code null}.
     *
     * @param circuitName see {@link #circuitName()}
     */
    public Recovered(String circuitName) {
        this(circuitName, circuitName, null);
    }
}
