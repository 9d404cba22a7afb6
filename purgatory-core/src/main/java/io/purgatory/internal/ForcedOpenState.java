package io.purgatory.internal;

import io.purgatory.CircuitState;

/**
 * FORCED_OPEN: every call is rejected until someone forces another state.
 *
 * @param version the circuit's transition count when it was forced open
 * @param forcedAtMillis when the circuit was forced open, for people
 */
record ForcedOpenState(long version, long forcedAtMillis) implements State {

    @Override
    public CircuitState name() {
        return CircuitState.FORCED_OPEN;
    }

    @Override
    public State admitTrial(CircuitContext circuit) {
        return null;
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
