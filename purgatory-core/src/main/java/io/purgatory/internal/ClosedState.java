package io.purgatory.internal;

import io.purgatory.CircuitState;
import io.purgatory.store.StoredCircuit;

/**
 * CLOSED: calls run; counted failures in a row accumulate until the threshold opens the circuit.
 * Its permits name this closed period, so that a call admitted before a trip cannot count in a later one.
 *
 * @param version the circuit's transition count when it entered this closed period
 * @param failures counted failures in a row
 */
record ClosedState(long version, int failures) implements State {

    /** CLOSED with no failure: the state of a new circuit. */
    static final ClosedState ZERO = new ClosedState(0L, 0);

    @Override
    public CircuitState name() {
        return CircuitState.CLOSED;
    }

    @Override
    public State admitTrial(CircuitContext circuit) {
        return this;
    }

    @Override
    public long permit() {
        return State.freePermit(version);
    }

    /** Whether a permit was handed out in this closed period (the untagged normal permit always is). */
    boolean owns(long permit) {
        return permit == StoredCircuit.NORMAL_PERMIT || permit == permit();
    }

    @Override
    public State onSuccess(long permit, CircuitContext circuit) {
        return failures == 0 || !owns(permit) ? this : new ClosedState(version, 0);
    }

    @Override
    public State onFailure(long permit, CircuitContext circuit) {
        if (!owns(permit)) {
            return this; // admitted in an earlier period (or a trial ending after the circuit closed)
        }
        int count = failures + 1;
        return count >= circuit.config().threshold()
                ? OpenState.opening(circuit, 0, version + 1)
                : new ClosedState(version, count);
    }
}
