package io.purgatory.event;

/**
 * A shared store is reachable again and the circuit follows the shared state once more.
 *
 * @param circuitName the circuit
 * @param store the store type, for example {@code redis}
 */
public record StoreRecovered(String circuitName, String store) implements CircuitBreakerEvent {
}
