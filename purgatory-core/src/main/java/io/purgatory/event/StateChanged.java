package io.purgatory.event;

import io.purgatory.CircuitState;

/**
 * A circuit moved from one state to another. Listeners receive one circuit's transitions in the
 * order they happened; {@link #sequence()} numbers them so that a consumer that reorders or drops
 * events (a queue, a log shipper) can tell.
 *
 * @param circuitName the circuit
 * @param from the state before
 * @param to the state after
 * @param cause why it moved
 * @param sequence the transition's number for this circuit in this instance: 1 for the first, one
 *     more for each later one; 0 when unknown (an event built by hand)
 * @param group the group of a keyed circuit, or the circuit name of a plain breaker
 * @param key the key of a keyed circuit, or {@code null} for a plain breaker
 */
public record StateChanged(String circuitName, CircuitState from, CircuitState to, TransitionCause cause, long sequence,
        String group, String key) implements CircuitBreakerEvent {

    /**
     * A numbered transition of a plain breaker: {@link #group()} is the circuit name and {@link #key()} is {@code null}.
     *
     * @param circuitName the circuit
     * @param from the state before
     * @param to the state after
     * @param cause why it moved
     * @param sequence the transition's number for this circuit in this instance
     */
    public StateChanged(String circuitName, CircuitState from, CircuitState to, TransitionCause cause, long sequence) {
        this(circuitName, from, to, cause, sequence, circuitName, null);
    }

    /**
     * A transition without a sequence number ({@code 0}), as events were before they were numbered.
     *
     * @param circuitName the circuit
     * @param from the state before
     * @param to the state after
     * @param cause why it moved
     */
    public StateChanged(String circuitName, CircuitState from, CircuitState to, TransitionCause cause) {
        this(circuitName, from, to, cause, 0L);
    }

    /**
     * Returns this transition without its sequence number, to compare what happened regardless of when.
     *
     * @return an equal event with {@link #sequence()} 0
     */
    public StateChanged unnumbered() {
        return sequence == 0L ? this : withSequence(0L);
    }

    /**
     * Returns this transition with another sequence number.
     *
     * @param number the sequence number
     * @return an equal event but for {@link #sequence()}
     */
    public StateChanged withSequence(long number) {
        return new StateChanged(circuitName, from, to, cause, number, group, key);
    }
}
