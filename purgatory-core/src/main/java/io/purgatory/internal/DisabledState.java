package io.purgatory.internal;

import io.purgatory.CircuitState;

/** DISABLED: every call runs and is measured; nothing changes the state until someone forces another. */
record DisabledState() implements State {

    /** The only instance needed. */
    static final DisabledState INSTANCE = new DisabledState();

    @Override
    public CircuitState name() {
        return CircuitState.DISABLED;
    }

    @Override
    public State admitTrial(CircuitContext circuit) {
        return this;
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
