package io.purgatory.internal;

import io.purgatory.CircuitState;

/**
 * CLOSED: calls run; counted failures in a row accumulate until the threshold opens the circuit.
 *
 * @param failures counted failures in a row
 */
record ClosedState(int failures) implements State {

    /** CLOSED with no failure: the state of a new or recovered circuit. */
    static final ClosedState ZERO = new ClosedState(0);

    @Override
    public CircuitState name() {
        return CircuitState.CLOSED;
    }

    @Override
    public State admitTrial(CircuitContext circuit) {
        return this;
    }

    @Override
    public State onSuccess(long permit, CircuitContext circuit) {
        return failures == 0 || permit != 0 ? this : ZERO;
    }

    @Override
    public State onFailure(long permit, CircuitContext circuit) {
        if (permit != 0) {
            return this; // a trial of an earlier round ending after the circuit closed
        }
        int count = failures + 1;
        return count >= circuit.config().threshold() ? OpenState.opening(circuit, 0) : new ClosedState(count);
    }
}
