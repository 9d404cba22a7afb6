package io.purgatory.internal;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitRates;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.event.TransitionCause;
import io.purgatory.store.CircuitSignals;
import io.purgatory.store.CircuitSnapshot;
import io.purgatory.store.RestorableCircuit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The circuit state machine held in this JVM. Lock-free and thread-safe: the current
 * {@link State} is an immutable value swapped with compare-and-set, so every count is exact, each
 * transition happens once, and the thread whose swap won reports it (outside any lock).
 *
 * <p>Public only for {@link io.purgatory.store.InMemoryCircuitStore}; not API: other stores reach it
 * as a {@link RestorableCircuit}.
 */
public final class LocalCircuit implements RestorableCircuit, CircuitContext {

    // Replaced only by reconfigure(); every decision reads the settings of its moment.
    private volatile CircuitBreakerConfig config;
    private final TimeSource time;
    private final CircuitSignals signals;
    // The state is a field updated through a VarHandle rather than an AtomicReference: a million keyed
    // circuits each save an object, and a call reads its state without following one more pointer.
    private volatile State state = ClosedState.ZERO;
    private static final VarHandle STATE;
    /**
     * Trial rounds are numbered for all circuits at once: a number unique in the JVM is unique in each
     * circuit, and a counter per circuit would cost each of a million circuits 8 bytes for a number only
     * a trial admission (rare, and never on the CLOSED path) takes.
     */
    private static final AtomicLong ROUNDS = new AtomicLong();

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(LocalCircuit.class, "state", State.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile RateConditions rateConditions; // null without a rate condition

    /**
     * Creates a CLOSED circuit.
     *
     * @param config the circuit's settings
     * @param time the clock that times open periods
     * @param signals where decisions are reported
     */
    public LocalCircuit(CircuitBreakerConfig config, TimeSource time, CircuitSignals signals) {
        this.config = config;
        this.time = time;
        this.signals = signals;
        this.rateConditions = RateConditions.of(config.window());
    }

    @Override
    public long acquire() {
        for (;;) {
            State current = state;
            if (current.admitsFreely()) {
                return current.permit();
            }
            State next = current.admitTrial(this);
            if (next == null) {
                return REJECTED;
            }
            if (casState(current, next)) {
                long permit = next.permit();
                if (current.name() != next.name()) {
                    try {
                        transitioned(current, next, TransitionCause.OPEN_PERIOD_ELAPSED);
                    } catch (Throwable fatal) {
                        // A listener's fatal error (a StackOverflowError) must not take the trial slot with it.
                        release(permit);
                        throw fatal;
                    }
                }
                return permit;
            }
        }
    }

    @Override
    public void onSuccess(long permit, long durationNanos) {
        RateConditions conditions = rateConditions;
        if (conditions != null) {
            recordInWindow(conditions, permit, false, durationNanos);
        }
        State[] swap = swap(Outcome.SUCCESS, permit);
        if (swap != null) {
            signals.recovered();
            if (swap[0].name() != swap[1].name()) {
                transitioned(swap[0], swap[1], TransitionCause.TRIAL_SUCCEEDED);
            }
        }
    }

    @Override
    public void onFailure(long permit, long durationNanos) {
        State[] swap = swap(Outcome.FAILURE, permit);
        RateConditions conditions = rateConditions;
        if (conditions != null && (swap == null || swap[1].name() == CircuitState.CLOSED)) {
            recordInWindow(conditions, permit, true, durationNanos);
        }
        if (swap == null) {
            return;
        }
        State before = swap[0];
        State after = swap[1];
        if (before instanceof ClosedState closed) {
            signals.failureCounted(closed.failures() + 1);
            if (after.name() != CircuitState.CLOSED) {
                transitioned(before, after, TransitionCause.CONSECUTIVE_FAILURES);
            }
        } else {
            transitioned(before, after, TransitionCause.TRIAL_FAILED);
        }
    }

    @Override
    public void release(long permit) {
        swap(Outcome.RELEASE, permit);
    }

    @Override
    public void transitionTo(CircuitState target) {
        for (;;) {
            State before = state;
            State after = forced(target, before.name() == target ? before.version() : before.version() + 1);
            if (casState(before, after)) {
                RateConditions conditions = rateConditions;
                if (conditions != null && target == CircuitState.CLOSED) {
                    conditions.reset();
                }
                if (before.name() != target) {
                    transitioned(before, after, TransitionCause.FORCED);
                }
                return;
            }
        }
    }

    /**
     * Silently takes over a state decided elsewhere (a shared store this circuit stands in for): no
     * signal is sent and the sliding window starts empty. CLOSED keeps its failure count; OPEN keeps
     * the remainder of its open period, so the circuit is not held open longer than it was.
     *
     * @param target the state to enter
     * @param failures the consecutive failure count (CLOSED only)
     * @param openedAtMillis when the circuit opened (OPEN only)
     * @param openDeadlineNanos when the open period ends, on this circuit's time source (OPEN only)
     * @param reopenings re-openings since the circuit last closed (OPEN only; drives back-off)
     */
    @Override
    public void restore(CircuitState target, int failures, long openedAtMillis, long openDeadlineNanos, int reopenings) {
        for (;;) {
            State current = state;
            // The same version: a silent takeover is no transition, so the published sequence has no gap.
            long version = current.version();
            State restored = switch (target) {
                case CLOSED -> new ClosedState(version, Math.max(0, failures));
                case OPEN -> new OpenState(version, openedAtMillis, openDeadlineNanos, config.openPeriod(reopenings),
                        reopenings);
                default -> forced(target, version);
            };
            if (casState(current, restored)) {
                break;
            }
        }
        RateConditions conditions = rateConditions;
        if (conditions != null) {
            conditions.reset();
        }
    }

    /**
     * Decides with new settings from now on, keeping the state: the failure count, an open period's
     * deadline, the trials in flight and their deadlines, a forced state, and the window's calls when its
     * shape is unchanged. The one state the new settings end at once is a half-open round whose successes
     * already reach the new {@code halfOpenSuccesses}: no trial could be admitted or close it any more,
     * so it closes now ({@link TransitionCause#TRIAL_SUCCEEDED}).
     */
    @Override
    public boolean reconfigure(CircuitBreakerConfig next) {
        rateConditions = RateConditions.reconfigured(rateConditions, next.window());
        config = next;
        for (;;) {
            State current = state;
            if (!(current instanceof HalfOpenState half) || half.successes() < next.halfOpenSuccesses()) {
                return true;
            }
            State closed = new ClosedState(current.version() + 1, 0);
            if (casState(current, closed)) {
                transitioned(current, closed, TransitionCause.TRIAL_SUCCEEDED);
                return true;
            }
        }
    }

    private State forced(CircuitState target, long version) {
        return switch (target) {
            case CLOSED -> new ClosedState(version, 0);
            case OPEN -> OpenState.opening(this, 0, version);
            case HALF_OPEN -> HalfOpenState.withoutTrials(version, 0, time.currentTimeMillis());
            case FORCED_OPEN -> new ForcedOpenState(version, time.currentTimeMillis());
            case DISABLED -> new DisabledState(version);
        };
    }

    /** What ended a call, to pick the state's reaction without allocating a lambda per call. */
    private enum Outcome { SUCCESS, FAILURE, RELEASE }

    private State next(State current, Outcome outcome, long permit) {
        return switch (outcome) {
            case SUCCESS -> current.onSuccess(permit, this);
            case FAILURE -> current.onFailure(permit, this);
            case RELEASE -> current.onRelease(permit, this);
        };
    }

    /**
     * Applies the outcome until its compare-and-set wins.
     *
     * @return {before, after}, or {@code null} when the outcome leaves the state as it is
     *     (the common case of a success in CLOSED with no failures, which therefore allocates nothing)
     */
    private State[] swap(Outcome outcome, long permit) {
        State current = state;
        for (;;) {
            State next = next(current, outcome, permit);
            if (next == current) {
                return null;
            }
            if (casState(current, next)) {
                return new State[] {current, next};
            }
            current = state;
        }
    }

    /**
     * Records a call that ran in CLOSED, then trips when a rate condition holds. A call in DISABLED is
     * recorded too, so its rates stay visible, but never judged.
     */
    private void recordInWindow(RateConditions conditions, long permit, boolean failure, long durationNanos) {
        State current = state;
        if (current instanceof ClosedState closed) {
            if (closed.owns(permit)) { // not a trial, nor a call admitted before the last trip
                TransitionCause cause = conditions.record(failure, durationNanos, time);
                if (cause != null) {
                    trip(cause);
                }
            }
        } else if (current instanceof DisabledState && current.permit() == permit) {
            conditions.measure(failure, durationNanos, time);
        }
    }

    private void trip(TransitionCause cause) {
        for (;;) {
            State current = state;
            if (!(current instanceof ClosedState)) {
                return; // another thread tripped first
            }
            State next = OpenState.opening(this, 0, current.version() + 1);
            if (casState(current, next)) {
                transitioned(current, next, cause);
                return;
            }
        }
    }

    @Override
    public CircuitRates rates() {
        RateConditions conditions = rateConditions;
        return conditions == null ? CircuitRates.NONE : conditions.rates(time);
    }

    private void transitioned(State from, State to, TransitionCause cause) {
        RateConditions conditions = rateConditions;
        if (conditions != null && (from.name().permitsAllCalls() || to.name().permitsAllCalls())) {
            // Each closed (or disabled) period starts with an empty window: emptied when the last one
            // ended, and again when the new one begins, for samples that raced with the trip.
            conditions.reset();
        }
        signals.stateChanged(from.name(), to.name(), cause, to.version());
    }

    @Override
    public long openedAtMillis() {
        State current = state;
        if (current instanceof OpenState open) {
            return open.openedAtMillis();
        }
        if (current instanceof HalfOpenState half) {
            return half.openedAtMillis();
        }
        if (current instanceof ForcedOpenState forced) {
            return forced.forcedAtMillis();
        }
        return io.purgatory.CircuitOpenException.UNKNOWN_OPENING;
    }

    @Override
    public CircuitState state() {
        return state.name();
    }

    @Override
    public int consecutiveFailures() {
        return state.failures();
    }

    @Override
    public CircuitSnapshot snapshot() {
        State current = state;
        long v = current.version();
        if (current instanceof OpenState open) {
            return new CircuitSnapshot(CircuitState.OPEN, 0, Instant.ofEpochMilli(open.openedAtMillis()),
                    open.period(), 0, open.reopenings(), v, false);
        }
        if (current instanceof HalfOpenState half) {
            return new CircuitSnapshot(CircuitState.HALF_OPEN, 0, Instant.ofEpochMilli(half.openedAtMillis()),
                    null, half.inFlight(time.nanoTime()), half.reopenings(), v, false);
        }
        if (current instanceof ForcedOpenState forced) {
            return new CircuitSnapshot(CircuitState.FORCED_OPEN, 0, Instant.ofEpochMilli(forced.forcedAtMillis()),
                    null, 0, 0, v, false);
        }
        return new CircuitSnapshot(current.name(), current.failures(), null, null, 0, 0, v, false);
    }

    @Override
    public CircuitBreakerConfig config() {
        return config;
    }

    @Override
    public TimeSource time() {
        return time;
    }

    private boolean casState(State expected, State next) {
        return STATE.compareAndSet(this, expected, next);
    }

    @Override
    public long nextRound() {
        return ROUNDS.incrementAndGet();
    }
}
