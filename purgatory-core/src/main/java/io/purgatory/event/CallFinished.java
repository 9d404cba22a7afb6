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
 */
public record CallFinished(String circuitName, CallOutcome outcome, long durationNanos) implements CircuitBreakerEvent {
}
