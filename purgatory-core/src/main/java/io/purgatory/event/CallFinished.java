package io.purgatory.event;

import io.purgatory.CallOutcome;

/**
 * A call that the circuit let run has ended; published after the circuit took its outcome into
 * account. Rejected calls are reported by {@link CallRejected} instead. Only listeners that ask for
 * it ({@link CircuitBreakerListener#receivesCallFinished()}) get it. Immutable; thread-safe.
 *
 * @param circuitName the circuit
 * @param outcome {@link CallOutcome#SUCCESS}, {@link CallOutcome#FAILURE} or {@link CallOutcome#EXCLUDED}
 * @param durationNanos how long the call took, or 0 when the breaker does not time its calls
 *     (see {@link io.purgatory.CircuitPermits#isTimed()})
 * @param group the group of a keyed circuit, or the circuit name of a plain breaker
 * @param key the key of a keyed circuit, or {@code null} for a plain breaker
 */
public record CallFinished(String circuitName, CallOutcome outcome, long durationNanos, String group, String key) implements CircuitBreakerEvent {

    /**
     * The event of a plain breaker: {@link #group()} is the circuit name and {@link #key()} is {@code null}.
     *
     * @param circuitName see {@link #circuitName()}
     * @param outcome see {@link #outcome()}
     * @param durationNanos see {@link #durationNanos()}
     */
    public CallFinished(String circuitName, CallOutcome outcome, long durationNanos) {
        this(circuitName, outcome, durationNanos, circuitName, null);
    }
}
