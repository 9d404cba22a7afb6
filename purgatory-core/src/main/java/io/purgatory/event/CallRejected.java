package io.purgatory.event;

import io.purgatory.CircuitState;

/**
 * A call was rejected without running.
 *
 * @param circuitName the circuit
 * @param state the state that rejected it (OPEN, HALF_OPEN with every trial slot taken, or FORCED_OPEN)
 * @param group the group of a keyed circuit, or the circuit name of a plain breaker
 * @param key the key of a keyed circuit, or {@code null} for a plain breaker
 */
public record CallRejected(String circuitName, CircuitState state, String group, String key) implements CircuitBreakerEvent {

    /**
     * The event of a plain breaker: {@link #group()} is the circuit name and {@link #key()} is {@code null}.
     *
     * @param circuitName see {@link #circuitName()}
     * @param state see {@link #state()}
     */
    public CallRejected(String circuitName, CircuitState state) {
        this(circuitName, state, circuitName, null);
    }
}
