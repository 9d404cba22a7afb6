package io.purgatory.internal;

import io.purgatory.CircuitState;
import java.time.Duration;

/**
 * OPEN: calls are rejected until the open period has passed; then the first call becomes a trial.
 *
 * @param version the circuit's transition count when it opened
 * @param openedAtMillis wall-clock opening time, for people
 * @param untilNanos monotonic end of the open period
 * @param period the length of this open period (back-off included)
 * @param reopenings re-openings since the circuit last closed
 */
record OpenState(long version, long openedAtMillis, long untilNanos, Duration period, int reopenings) implements State {

    /**
     * Opens the circuit now, for the period that {@code reopenings} earns under the back-off.
     *
     * @param circuit the circuit's settings and clock
     * @param reopenings re-openings since the circuit last closed
     * @param version the transition count of the new state
     * @return the new OPEN state
     */
    static OpenState opening(CircuitContext circuit, int reopenings, long version) {
        Duration period = circuit.config().openPeriod(reopenings);
        long until = circuit.time().nanoTime() + period.toNanos();
        return new OpenState(version, circuit.time().currentTimeMillis(), until, period, reopenings);
    }

    @Override
    public CircuitState name() {
        return CircuitState.OPEN;
    }

    @Override
    public State admitTrial(CircuitContext circuit) {
        // Strictly after the deadline, as Purgatory: exactly at ttl the circuit is still open.
        long now = circuit.time().nanoTime();
        if (now - untilNanos > 0) {
            return HalfOpenState.withoutTrials(version + 1, reopenings, openedAtMillis).admit(circuit, now);
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
