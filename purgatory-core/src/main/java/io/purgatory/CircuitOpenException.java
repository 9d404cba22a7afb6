package io.purgatory;

import java.time.Instant;

/**
 * Thrown (or used to fail a stage or a publisher) when a circuit rejects a call. Immutable; thread-safe.
 *
 * <p>The exception carries no stack trace: a rejection is an expected, frequent answer of
 * the breaker, not a bug, and the stack would only ever point at the breaker itself. Filling
 * it costs microseconds per rejection (see {@code docs/benchmarks.md}); without it a
 * rejection costs tens of nanoseconds. Suppression is disabled for the same reason.
 */
public class CircuitOpenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The value of an unknown opening time in {@link #CircuitOpenException(String, long, CircuitState)}. */
    public static final long UNKNOWN_OPENING = Long.MIN_VALUE;

    private final String circuitName;
    private final long openedAtMillis;
    private final CircuitState state;

    /**
     * Creates the exception for a rejected call.
     *
     * @param circuitName the circuit that rejected the call
     * @param openedAt when the circuit opened, or {@code null} when unknown
     * @param state the state that rejected the call (OPEN, HALF_OPEN or FORCED_OPEN)
     */
    public CircuitOpenException(String circuitName, Instant openedAt, CircuitState state) {
        this(circuitName, openedAt == null ? UNKNOWN_OPENING : openedAt.toEpochMilli(), state);
    }

    /**
     * Creates the exception for a rejected call without allocating anything else; the message and
     * the {@link Instant} are built only when asked for.
     *
     * @param circuitName the circuit that rejected the call
     * @param openedAtMillis when the circuit opened in epoch milliseconds, or {@link #UNKNOWN_OPENING}
     * @param state the state that rejected the call (OPEN, HALF_OPEN or FORCED_OPEN)
     */
    public CircuitOpenException(String circuitName, long openedAtMillis, CircuitState state) {
        super(null, null, false, false);
        this.circuitName = circuitName;
        this.openedAtMillis = openedAtMillis;
        this.state = state;
    }

    /**
     * Returns {@code Circuit <name> is open}.
     *
     * @return the message
     */
    @Override
    public String getMessage() {
        return "Circuit " + circuitName + " is open";
    }

    /**
     * Returns the name of the circuit that rejected the call.
     *
     * @return the circuit name
     */
    public String getCircuitName() {
        return circuitName;
    }

    /**
     * Returns when the circuit opened (wall-clock time of the breaker's time source).
     *
     * @return the opening time, or {@code null} when the circuit never opened (for example a
     *     trial slot was taken in a half-open circuit restored from a store)
     */
    public Instant getOpenedAt() {
        return openedAtMillis == UNKNOWN_OPENING ? null : Instant.ofEpochMilli(openedAtMillis);
    }

    /**
     * Returns the state the circuit was in when it rejected the call.
     *
     * @return the rejecting state
     */
    public CircuitState getState() {
        return state;
    }
}
