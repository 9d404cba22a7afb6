package io.purgatory.internal;

import io.purgatory.CircuitState;

/**
 * DISABLED: every call runs and is measured; nothing changes the state until someone forces another.
 *
 * @param version the circuit's transition count when it was disabled
 */
record DisabledState(long version) implements State {

    @Override
    public CircuitState name() {
        return CircuitState.DISABLED;
    }

    @Override
    public State admitTrial(CircuitContext circuit) {
        return this;
    }

    @Override
    public long permit() {
        return State.freePermit(version);
    }

    @Override
    public State onSuccess(long permit, CircuitContext circuit) {
        return this;
    }

    @Override
    public State onFailure(long permit, CircuitContext circuit) {
        return this;
    }
}
