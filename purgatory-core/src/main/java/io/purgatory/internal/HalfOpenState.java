package io.purgatory.internal;

import io.purgatory.CircuitState;

/**
 * HALF_OPEN: a limited number of trial calls decide. Enough successes close the circuit; any
 * counted failure opens it again with a longer period when back-off is on.
 *
 * @param round the trial round; trial permits carry it so that late outcomes of older rounds are ignored
 * @param inFlight trial calls running now
 * @param successes trial calls of this round that succeeded
 * @param reopenings re-openings since the circuit last closed
 * @param openedAtMillis when the circuit opened before this round, for people
 */
record HalfOpenState(long round, int inFlight, int successes, int reopenings, long openedAtMillis) implements State {

    @Override
    public CircuitState name() {
        return CircuitState.HALF_OPEN;
    }

    @Override
    public State admitTrial(CircuitContext circuit) {
        if (inFlight + successes >= circuit.config().halfOpenCalls()) {
            return null;
        }
        return new HalfOpenState(round, inFlight + 1, successes, reopenings, openedAtMillis);
    }

    @Override
    public State onSuccess(long permit, CircuitContext circuit) {
        if (permit != round) {
            return this;
        }
        int succeeded = successes + 1;
        if (succeeded >= circuit.config().halfOpenSuccesses()) {
            return ClosedState.ZERO;
        }
        return new HalfOpenState(round, inFlight - 1, succeeded, reopenings, openedAtMillis);
    }

    @Override
    public State onFailure(long permit, CircuitContext circuit) {
        return permit == round ? OpenState.opening(circuit, reopenings + 1) : this;
    }

    @Override
    public State onRelease(long permit) {
        return permit == round ? new HalfOpenState(round, inFlight - 1, successes, reopenings, openedAtMillis) : this;
    }

    @Override
    public long permit() {
        return round;
    }
}
