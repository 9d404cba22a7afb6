package io.purgatory.internal;

import io.purgatory.CircuitState;
import java.util.Arrays;

/**
 * HALF_OPEN: a limited number of trial calls decide. Enough successes close the circuit; any
 * counted failure opens it again with a longer period when back-off is on.
 *
 * <p>Each trial holds its own permit and a deadline ({@code halfOpenTimeout}): a permit's outcome
 * counts once, and a trial that never reports frees its slot at the deadline, when the next call
 * arrives; its late outcome is then ignored, as a late outcome of an earlier round is.
 *
 * @param version the circuit's transition count when it entered this state
 * @param trials the permits of the trials running now (never modified)
 * @param deadlines when each of those trials loses its slot, on the monotonic clock (never modified)
 * @param successes trial calls of this round that succeeded
 * @param reopenings re-openings since the circuit last closed
 * @param openedAtMillis when the circuit opened before this round, for people
 */
record HalfOpenState(long version, long[] trials, long[] deadlines, int successes, int reopenings, long openedAtMillis)
        implements State {

    private static final long[] NONE = new long[0];

    /**
     * Returns HALF_OPEN with no trial running yet.
     *
     * @param version the transition count of the new state
     * @param reopenings re-openings since the circuit last closed
     * @param openedAtMillis when the circuit last opened
     * @return the state
     */
    static HalfOpenState withoutTrials(long version, int reopenings, long openedAtMillis) {
        return new HalfOpenState(version, NONE, NONE, 0, reopenings, openedAtMillis);
    }

    @Override
    public CircuitState name() {
        return CircuitState.HALF_OPEN;
    }

    @Override
    public State admitTrial(CircuitContext circuit) {
        return admit(circuit, circuit.time().nanoTime());
    }

    /** Adds one trial, after dropping the trials whose deadline passed, or answers {@code null} when every slot is taken. */
    HalfOpenState admit(CircuitContext circuit, long nowNanos) {
        int live = inFlight(nowNanos);
        if (live + successes >= circuit.config().halfOpenCalls()) {
            return null;
        }
        long[] keptTrials = new long[live + 1];
        long[] keptDeadlines = new long[live + 1];
        int kept = 0;
        for (int i = 0; i < trials.length; i++) {
            if (deadlines[i] - nowNanos > 0) {
                keptTrials[kept] = trials[i];
                keptDeadlines[kept++] = deadlines[i];
            }
        }
        keptTrials[kept] = circuit.nextRound();
        keptDeadlines[kept] = nowNanos + circuit.config().halfOpenTimeout().toNanos();
        return new HalfOpenState(version, keptTrials, keptDeadlines, successes, reopenings, openedAtMillis);
    }

    /**
     * Returns how many trials hold a slot now.
     *
     * @param nowNanos the monotonic time
     * @return trials whose deadline has not passed
     */
    int inFlight(long nowNanos) {
        int live = 0;
        for (long deadline : deadlines) {
            if (deadline - nowNanos > 0) {
                live++;
            }
        }
        return live;
    }

    /** Where a permit's trial is, or -1 when it ended, expired, or belongs to another round. */
    private int indexOf(long permit, CircuitContext circuit) {
        for (int i = 0; i < trials.length; i++) {
            if (trials[i] == permit) {
                return deadlines[i] - circuit.time().nanoTime() > 0 ? i : -1;
            }
        }
        return -1;
    }

    private HalfOpenState without(int index, int succeeded) {
        long[] restTrials = new long[trials.length - 1];
        long[] restDeadlines = new long[trials.length - 1];
        System.arraycopy(trials, 0, restTrials, 0, index);
        System.arraycopy(trials, index + 1, restTrials, index, trials.length - index - 1);
        System.arraycopy(deadlines, 0, restDeadlines, 0, index);
        System.arraycopy(deadlines, index + 1, restDeadlines, index, deadlines.length - index - 1);
        return new HalfOpenState(version, restTrials, restDeadlines, succeeded, reopenings, openedAtMillis);
    }

    @Override
    public State onSuccess(long permit, CircuitContext circuit) {
        int index = indexOf(permit, circuit);
        if (index < 0) {
            return this;
        }
        int succeeded = successes + 1;
        if (succeeded >= circuit.config().halfOpenSuccesses()) {
            return new ClosedState(version + 1, 0);
        }
        return without(index, succeeded);
    }

    @Override
    public State onFailure(long permit, CircuitContext circuit) {
        return indexOf(permit, circuit) < 0 ? this : OpenState.opening(circuit, reopenings + 1, version + 1);
    }

    @Override
    public State onRelease(long permit, CircuitContext circuit) {
        int index = indexOf(permit, circuit);
        return index < 0 ? this : without(index, successes);
    }

    /** The permit of the trial admitted last: the one a call gets when it took a slot. */
    @Override
    public long permit() {
        return trials[trials.length - 1];
    }

    @Override
    public String toString() {
        return "HalfOpenState[version=" + version + ", trials=" + Arrays.toString(trials) + ", successes=" + successes + "]";
    }
}
