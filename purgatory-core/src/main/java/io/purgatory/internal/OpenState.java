package io.purgatory.internal;

import io.purgatory.CircuitState;
import java.time.Duration;

/**
 * OPEN: calls are rejected until the open period has passed; then the first call becomes a trial.
 *
 * @param openedAtMillis wall-clock opening time, for people
 * @param untilNanos monotonic end of the open period
 * @param period the length of this open period (back-off included)
 * @param reopenings re-openings since the circuit last closed
 */
record OpenState(long openedAtMillis, long untilNanos, Duration period, int reopenings) implements State {

    /**
     * Opens the circuit now, for the period that {@code reopenings} earns under the back-off.
     *
     * @param circuit the circuit's settings and clock
     * @param reopenings re-openings since the circuit last closed
     * @return the new OPEN state
     */
    static OpenState opening(CircuitContext circuit, int reopenings) {
        Duration period = circuit.config().openPeriod(reopenings);
        long until = circuit.time().nanoTime() + period.toNanos();
        return new OpenState(circuit.time().currentTimeMillis(), until, period, reopenings);
    }

    @Override
    public CircuitState name() {
        return CircuitState.OPEN;
    }

    @Override
    public State admitTrial(CircuitContext circuit) {
        // Strictly after the deadline, as Purgatory: exactly at ttl the circuit is still open.
        if (circuit.time().nanoTime() - untilNanos > 0) {
            return new HalfOpenState(circuit.nextRound(), 1, 0, reopenings, openedAtMillis);
        }
        return null;
    }

    @Override
    public State onSuccess(long permit, CircuitContext circuit) {
        return this; // calls admitted before the circuit opened do not decide anything
    }

    @Override
    public State onFailure(long permit, CircuitContext circuit) {
        return this;
    }
}
