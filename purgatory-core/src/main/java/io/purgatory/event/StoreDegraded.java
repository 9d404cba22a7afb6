package io.purgatory.event;

/**
 * A shared store could not be reached; the circuit now decides on this instance alone.
 * Emitted once per outage episode.
 *
 * @param circuitName the circuit
 * @param store the store type, for example {@code redis}
 * @param reason a short description of the error
 */
public record StoreDegraded(String circuitName, String store, String reason) implements CircuitBreakerEvent {
}
