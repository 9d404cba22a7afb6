package io.purgatory.internal;

import io.purgatory.CircuitState;

/**
 * One state of the circuit state machine, as an immutable value. Each state decides what the next
 * state is; {@link LocalCircuit} swaps states atomically and reports the signals. Thread-safe.
 */
sealed interface State permits ClosedState, OpenState, HalfOpenState, ForcedOpenState, DisabledState {

    /** Marks the permits of calls admitted freely (CLOSED, DISABLED); below it, trial permits; bit 62 stays free for other stores. */
    long FREE_PERMIT = io.purgatory.store.StoredCircuit.FREE_PERMIT_FLAG;

    /**
     * Returns the permit of calls admitted freely in the period that began at {@code version}.
     *
     * @param version the state's transition count
     * @return a positive permit that no trial permit equals
     */
    static long freePermit(long version) {
        return FREE_PERMIT | version;
    }

    /**
     * Returns how many transitions the circuit had made when it entered this state: grows by one with
     * every change of {@link #name()}, in the order the changes won their compare-and-set.
     *
     * @return the transition count
     */
    long version();

    /**
     * Returns the public name of this state.
     *
     * @return the state's enum constant
     */
    CircuitState name();

    /**
     * Whether every call may run without changing the state (the allocation-free fast path).
     *
     * @return {@code true} in CLOSED and DISABLED
     */
    default boolean admitsFreely() {
        return name().permitsAllCalls();
    }

    /**
     * Decides whether a call that is not freely admitted becomes a trial.
     *
     * @param circuit the circuit's settings and clock
     * @return the state after granting a trial permit, or {@code null} to reject the call
     */
    State admitTrial(CircuitContext circuit);

    /**
     * Returns the state after a call holding {@code permit} succeeded.
     *
     * @param permit the call's permit
     * @param circuit the circuit's settings and clock
     * @return the next state, or {@code this} when nothing changes
     */
    State onSuccess(long permit, CircuitContext circuit);

    /**
     * Returns the state after a call holding {@code permit} failed with a counted exception.
     *
     * @param permit the call's permit
     * @param circuit the circuit's settings and clock
     * @return the next state, or {@code this} when nothing changes
     */
    State onFailure(long permit, CircuitContext circuit);

    /**
     * Returns the state after a call holding {@code permit} ended with no outcome.
     *
     * @param permit the call's permit
     * @param circuit the circuit's settings and clock
     * @return the next state, or {@code this} when nothing changes
     */
    default State onRelease(long permit, CircuitContext circuit) {
        return this;
    }

    /**
     * Returns the permit a call gets when it moved the circuit into this state.
     *
     * @return a trial permit, or the normal permit
     */
    default long permit() {
        return 0L;
    }

    /**
     * Returns the consecutive failure count this state holds.
     *
     * @return the count (0 outside CLOSED)
     */
    default int failures() {
        return 0;
    }
}
