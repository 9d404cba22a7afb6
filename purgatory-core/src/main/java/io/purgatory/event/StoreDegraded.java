package io.purgatory.event;

/**
 * A shared store could not be reached; the circuit now decides on this instance alone.
 * Emitted once per outage episode.
 *
 * @param circuitName the circuit
 * @param store the store type, for example {@code redis}
 * @param reason a short description of the error
 * @param group the group of a keyed circuit, or the circuit name of a plain breaker
 * @param key the key of a keyed circuit, or {@code null} for a plain breaker
 */
public record StoreDegraded(String circuitName, String store, String reason, String group, String key) implements CircuitBreakerEvent {

    /**
     * The event of a plain breaker: {@link #group()} is the circuit name and {@link #key()} is {@code null}.
     *
     * @param circuitName see {@link #circuitName()}
     * @param store see {@link #store()}
     * @param reason see {@link #reason()}
     */
    public StoreDegraded(String circuitName, String store, String reason) {
        this(circuitName, store, reason, circuitName, null);
    }
}
