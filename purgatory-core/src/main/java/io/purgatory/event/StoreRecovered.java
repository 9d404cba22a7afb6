package io.purgatory.event;

/**
 * A shared store is reachable again and the circuit follows the shared state once more.
 *
 * @param circuitName the circuit
 * @param store the store type, for example {@code redis}
 * @param group the group of a keyed circuit, or the circuit name of a plain breaker
 * @param key the key of a keyed circuit, or {@code null} for a plain breaker
 */
public record StoreRecovered(String circuitName, String store, String group, String key) implements CircuitBreakerEvent {

    /**
     * The event of a plain breaker: {@link #group()} is the circuit name and {@link #key()} is {@code null}.
     *
     * @param circuitName see {@link #circuitName()}
     * @param store see {@link #store()}
     */
    public StoreRecovered(String circuitName, String store) {
        this(circuitName, store, circuitName, null);
    }
}
