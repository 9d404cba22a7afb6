package io.purgatory;

import io.purgatory.event.BreakerCreated;
import io.purgatory.event.CallFinished;
import io.purgatory.event.CallRejected;
import io.purgatory.event.ConfigChanged;
import io.purgatory.event.FailureCounted;
import io.purgatory.event.Recovered;
import io.purgatory.event.StateChanged;
import io.purgatory.event.StoreDegraded;
import io.purgatory.event.StoreRecovered;
import io.purgatory.event.TransitionCause;
import io.purgatory.store.CircuitSignals;
import io.purgatory.store.CircuitSnapshot;
import io.purgatory.store.CircuitStore;
import io.purgatory.store.StoredCircuit;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One named circuit breaker: guards calls, counts their outcomes, and rejects calls while the
 * circuit is open. Thread-safe; obtain instances from {@link CircuitBreakerFactory#getBreaker(String)}.
 *
 * <p><b>Checked exceptions.</b> {@link #call(Callable)} declares {@code throws Exception} and
 * rethrows whatever the body threw, unchanged; {@link #get(Supplier)} and {@link #run(Runnable)}
 * are for bodies that throw only unchecked exceptions. Rejections are the unchecked
 * {@link CircuitOpenException}. A body's exception always reaches the caller as it was thrown,
 * whether it was counted, excluded or neither.
 *
 * <p><b>Interruptions and fatal errors.</b> An {@link InterruptedException} counts as neither
 * success nor failure and reaches the caller with the interrupt flag as the body left it; a
 * {@link VirtualMachineError} counts as a failure and is rethrown untouched (see {@link CallClassification}).
 *
 * <p><b>Low-level use.</b> Frameworks that run the call themselves use {@link #permits()}.
 */
public final class CircuitBreaker {

    /** The answer of {@link #tryAcquirePermission()} when the call must not run. */
    static final long REJECTED = StoredCircuit.REJECTED;

    private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

    private final String name;
    /** The group of a keyed circuit, the name of a plain breaker: carried by every event. */
    private final String group;
    /** The key of a keyed circuit, {@code null} for a plain breaker. */
    private final String key;
    /**
     * Whether a keyed circuit was looked up since its group's last sweep: a plain field, written only when
     * it was {@code false}, so that a keyed call neither reads the clock nor dirties a shared cache line.
     */
    boolean used;
    /** When the group's last sweep saw the keyed circuit used (monotonic nanos); written under the group's lock. */
    long lastSeenNanos;
    // The fields derived from the settings are volatile: reconfigure() replaces them while calls run.
    private volatile CircuitBreakerConfig config;
    private final TimeSource time;
    private final EventPublisher publisher; // asked by every call whether a per-call event is wanted
    private final BreakerEvents events;
    private CircuitPermits permits; // made on first use: most breakers are only used through get/run/call
    private final CallStatistics statistics;
    private final String storeType;
    private final StoredCircuit circuit;
    private volatile boolean timed;
    /** 1 in how many calls is timed while only totals need durations; 1 when every call must be timed. */
    private volatile int sampling;
    /**
     * When the settings were last replaced; null while they are the creation's. A reference, not a long:
     * it fits in the object's alignment padding, so breakers that are never reconfigured cost nothing more.
     */
    private volatile Instant configChangedAt;

    /** The start of a call that sampling left untimed. */
    private static final long UNTIMED = Long.MIN_VALUE;

    /**
     * A timed call's start mark is the clock reading minus this arbitrary odd constant. The marks of untimed
     * calls, 0 and {@link #UNTIMED}, are then no clock's natural edge (0 at a fake clock's origin,
     * {@code Long.MIN_VALUE} after a wrap-around) but one arbitrary instant each, and a call that began
     * untimed stays untimed when a reconfiguration switches timing on before it ends.
     */
    private static final long MARK_SHIFT = 0x3C6E_F372_FE94_F82BL;

    CircuitBreaker(String name, CircuitBreakerConfig config, CircuitStore store, TimeSource time, EventPublisher events,
            boolean recordCallDurations, int callDurationSampling) {
        this(name, name, null, config, store, time, events, recordCallDurations, callDurationSampling);
    }

    CircuitBreaker(String name, String group, String key, CircuitBreakerConfig config, CircuitStore store, TimeSource time,
            EventPublisher events, boolean recordCallDurations, int callDurationSampling) {
        this.name = name;
        this.group = group;
        this.key = key;
        this.time = time;
        this.publisher = events;
        this.events = new BreakerEvents(events);
        applyTiming(config, recordCallDurations, callDurationSampling);
        // Sized for the factory's sampling, not this config's: a later configuration without a slow-call
        // condition samples, and its estimates need the count of timed calls from the start.
        this.statistics = new CallStatistics(callDurationSampling > 1);
        this.storeType = store.type();
        this.circuit = store.attach(name, config, time, new Signals());
    }

    /** Sets the settings and what is derived from them on the call path. */
    private void applyTiming(CircuitBreakerConfig config, boolean recordCallDurations, int callDurationSampling) {
        // Two clock reads are most of what a healthy call costs, so calls are timed only when
        // something reads the durations: meters of call time, or a slow-call condition.
        boolean slowCalls = config.window().slowCallRateThreshold() > 0f;
        // A slow-call condition judges every call by its own duration: it cannot be sampled.
        this.sampling = slowCalls ? 1 : callDurationSampling;
        this.timed = recordCallDurations || slowCalls;
        this.config = config;
    }

    /**
     * Replaces the settings, keeping the state (see {@link CircuitBreakerFactory#reconfigure(String,
     * CircuitBreakerConfig)}); publishes one {@link ConfigChanged} when they differ. Called by the factory,
     * one reconfiguration at a time.
     *
     * @param next the new settings
     * @param recordCallDurations the factory's choice to time every call
     * @param callDurationSampling the factory's sampling period for call durations
     * @return {@code true} when the settings changed
     */
    boolean reconfigure(CircuitBreakerConfig next, boolean recordCallDurations, int callDurationSampling) {
        CircuitBreakerConfig previous = config;
        if (previous.equals(next)) {
            return false;
        }
        applyTiming(next, recordCallDurations, callDurationSampling);
        configChangedAt = Instant.ofEpochMilli(time.currentTimeMillis());
        // Announced before the store applies it: a transition the new settings cause at once (a half-open
        // round that already has enough successes) follows the change that caused it.
        events.event(new ConfigChanged(name, previous, next, group, key));
        boolean applied = circuit.reconfigure(next);
        if (!applied) {
            LOG.log(Level.WARNING, () -> "The " + storeType + " store of circuit " + name + " does not support "
                    + "runtime reconfiguration: its state machine keeps the settings it was created with; exclude "
                    + "rules and call timing follow the new settings");
        }
        return true;
    }

    /**
     * Returns the circuit's name.
     *
     * @return the name given to the factory
     */
    public String getName() {
        return name;
    }

    /**
     * Returns the group of a keyed circuit (see {@link CircuitBreakerGroup}), or the name of a plain breaker.
     *
     * @return the group name
     */
    public String getGroup() {
        return group;
    }

    /**
     * Returns the key of a keyed circuit.
     *
     * @return the key, or {@code null} for a plain breaker
     */
    public String getKey() {
        return key;
    }

    /**
     * Returns the circuit's current state, as this instance knows it. Allocation-free.
     *
     * @return the state
     */
    public CircuitState getState() {
        return circuit.state();
    }

    /**
     * Returns the current count of counted failures in a row. Allocation-free.
     *
     * @return the consecutive failure count (0 outside CLOSED)
     */
    public int getConsecutiveFailures() {
        return circuit.consecutiveFailures();
    }

    /**
     * Returns the settings this breaker decides with now: those it was created with, or the last ones
     * given to {@link CircuitBreakerFactory#reconfigure(String, CircuitBreakerConfig)}.
     *
     * @return the configuration
     */
    public CircuitBreakerConfig getConfig() {
        return config;
    }

    /**
     * Returns when the settings were last replaced at runtime.
     *
     * @return the time of the last change, or {@code null} while the breaker has the settings it was created with
     */
    public Instant getConfigChangedAt() {
        return configChangedAt;
    }

    /**
     * Returns everything this instance knows about the circuit's state now.
     *
     * @return an immutable snapshot
     */
    public CircuitSnapshot getSnapshot() {
        return circuit.snapshot();
    }

    /**
     * Returns the failure and slow-call rates of the breaker's sliding window.
     *
     * @return the rates ({@link CircuitRates#NONE} without a rate condition)
     */
    public CircuitRates getRates() {
        return circuit.rates();
    }

    /**
     * Returns the running totals of this breaker's calls.
     *
     * @return the statistics, updated live
     */
    public CallStatistics getStatistics() {
        return statistics;
    }

    /**
     * Returns the type of the store that holds this circuit's state.
     *
     * @return for example {@code memory} or {@code redis}
     */
    public String getStoreType() {
        return storeType;
    }

    /**
     * Returns the low-level permit API of this breaker, for frameworks that run guarded calls themselves.
     *
     * @return the permit API (the same object on every call)
     */
    public CircuitPermits permits() {
        CircuitPermits current = permits;
        if (current == null) {
            // A race makes two equivalent, stateless views of this breaker; either is fine.
            current = new CircuitPermits(this);
            permits = current;
        }
        return current;
    }

    /** Lets the store drop this breaker's circuit: called by its group when it evicts it. */
    void detach() {
        circuit.detach();
    }

    /** Delivers {@link BreakerCreated}, then any event the breaker reported before: called once by the factory. */
    void announce() {
        events.announce(new BreakerCreated(name, config, group, key));
    }

    // ---- guarded calls ----------------------------------------------------------------------

    /**
     * Runs a body that may throw checked exceptions, if the circuit lets it.
     *
     * @param body the guarded call
     * @param <T> the result type
     * @return the body's result
     * @throws CircuitOpenException when the circuit rejects the call (the body does not run)
     * @throws Exception whatever the body threw, unchanged
     */
    public <T> T call(Callable<T> body) throws Exception {
        long permit = acquirePermission();
        long start = callStart();
        T result;
        try {
            result = body.call();
        } catch (Throwable failure) {
            onError(permit, start, failure);
            throw failure;
        }
        onSuccess(permit, start);
        return result;
    }

    /**
     * Runs a body that throws only unchecked exceptions, if the circuit lets it.
     *
     * @param body the guarded call
     * @param <T> the result type
     * @return the body's result
     * @throws CircuitOpenException when the circuit rejects the call (the body does not run)
     */
    public <T> T get(Supplier<T> body) {
        long permit = acquirePermission();
        long start = callStart();
        T result;
        try {
            result = body.get();
        } catch (Throwable failure) {
            onError(permit, start, failure);
            throw failure;
        }
        onSuccess(permit, start);
        return result;
    }

    /**
     * Runs a body that throws only unchecked exceptions, if the circuit lets it.
     *
     * @param body the guarded call
     * @throws CircuitOpenException when the circuit rejects the call (the body does not run)
     */
    public void run(Runnable body) {
        long permit = acquirePermission();
        long start = callStart();
        try {
            body.run();
        } catch (Throwable failure) {
            onError(permit, start, failure);
            throw failure;
        }
        onSuccess(permit, start);
    }

    /**
     * Guards an asynchronous call. The supplier is not invoked when the circuit rejects the call;
     * the outcome is the completion of the stage it returns (a {@link java.util.concurrent.CompletionException}
     * is unwrapped to classify its cause). The outcome counts once: when the returned stage is
     * completed first from outside ({@code orTimeout}, {@code complete}), that completion is the
     * outcome, and when it is cancelled the call counts as neither and its trial slot is freed. The
     * body's own stage is not cancelled with it (it may be shared).
     *
     * @param body starts the call and returns its stage
     * @param <T> the result type
     * @return a stage that completes like the body's stage, after the outcome was recorded (a
     *     {@link CompletableFuture} when the body returns one), or a stage failed with
     *     {@link CircuitOpenException} when rejected
     */
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> body) {
        long permit = tryAcquirePermission();
        if (permit == REJECTED) {
            return CompletableFuture.failedFuture(openException());
        }
        long start = callStart();
        CompletionStage<T> stage;
        try {
            stage = body.get();
        } catch (Throwable failure) {
            onError(permit, start, failure);
            if (failure instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            return CompletableFuture.failedFuture(failure);
        }
        if (stage == null) {
            onSuccess(permit, start);
            return null;
        }
        return GuardedStage.guard(this, permit, start, stage);
    }

    // ---- decorators (Purgatory's decorator form) -----------------------------------------

    /**
     * Returns a function that runs {@code function} through this breaker.
     *
     * @param function the function to guard
     * @param <A> the argument type
     * @param <R> the result type
     * @return the guarded function
     */
    public <A, R> Function<A, R> decorate(Function<A, R> function) {
        return argument -> get(() -> function.apply(argument));
    }

    /**
     * Returns a supplier that runs {@code supplier} through this breaker.
     *
     * @param supplier the supplier to guard
     * @param <T> the result type
     * @return the guarded supplier
     */
    public <T> Supplier<T> decorateSupplier(Supplier<T> supplier) {
        return () -> get(supplier);
    }

    /**
     * Returns a callable that runs {@code callable} through this breaker.
     *
     * @param callable the callable to guard
     * @param <T> the result type
     * @return the guarded callable
     */
    public <T> Callable<T> decorateCallable(Callable<T> callable) {
        return () -> call(callable);
    }

    /**
     * Returns a runnable that runs {@code runnable} through this breaker.
     *
     * @param runnable the runnable to guard
     * @return the guarded runnable
     */
    public Runnable decorateRunnable(Runnable runnable) {
        return () -> run(runnable);
    }

    // ---- low-level permission API ----------------------------------------------------------

    /**
     * Asks whether a call may run now. A rejection is counted and published here.
     *
     * @return a permit to pass to {@link #onSuccess}, {@link #onError} or {@link #releasePermission},
     *     or {@link #REJECTED}
     */
    long tryAcquirePermission() {
        long permit = circuit.acquire();
        if (permit == REJECTED) {
            statistics.record(CallOutcome.REJECTED, 0, false);
            if (publisher.hasCallListeners()) {
                events.callEvent(new CallRejected(name, circuit.state(), group, key));
            }
        }
        return permit;
    }

    /**
     * Asks whether a call may run now, throwing when it may not.
     *
     * @return a permit to pass to {@link #onSuccess}, {@link #onError} or {@link #releasePermission}
     * @throws CircuitOpenException when the call must not run
     */
    long acquirePermission() {
        long permit = tryAcquirePermission();
        if (permit == REJECTED) {
            throw openException();
        }
        return permit;
    }

    /**
     * Builds the exception that reports a rejection by this circuit (without counting one).
     *
     * @return a new exception naming this circuit, with the time it opened
     */
    CircuitOpenException openException() {
        return new CircuitOpenException(name, circuit.openedAtMillis(), circuit.state());
    }

    /**
     * Marks the start of an admitted call, to pass to {@link #onSuccess} and {@link #onError}.
     *
     * @return a mark of the monotonic time of the breaker's time source when this breaker times this call,
     *     otherwise 0 or another value that tells {@link #onSuccess} and {@link #onError} so, without reading the clock
     */
    long callStart() {
        if (!timed) {
            return 0L;
        }
        // Sampled: a uniform random 1 in `sampling` calls, whatever they are, so that the timed calls'
        // mean is an unbiased estimate of every call's; listeners of CallFinished need every duration.
        if (sampling > 1 && ThreadLocalRandom.current().nextInt(sampling) != 0 && !publisher.hasFinishedListeners()) {
            return UNTIMED;
        }
        return time.nanoTime() - MARK_SHIFT;
    }

    /**
     * Whether this breaker measures how long calls take (for call-time meters or a slow-call condition).
     *
     * @return {@code true} when calls are timed
     */
    boolean isTimed() {
        return timed;
    }

    private long durationSince(long startNanos) {
        return isTimed(startNanos) ? time.nanoTime() - MARK_SHIFT - startNanos : 0L;
    }

    private boolean isTimed(long startNanos) {
        return timed && startNanos != UNTIMED && startNanos != 0L;
    }

    /**
     * Records that an admitted call succeeded.
     *
     * @param permit the call's permit
     * @param startNanos the call's start, from {@link #callStart()}
     */
    void onSuccess(long permit, long startNanos) {
        boolean timedCall = isTimed(startNanos);
        long duration = timedCall ? time.nanoTime() - MARK_SHIFT - startNanos : 0L;
        statistics.recordSuccess(duration, timedCall);
        circuit.onSuccess(permit, duration);
        if (publisher.hasFinishedListeners()) {
            finished(CallOutcome.SUCCESS, duration);
        }
    }

    /**
     * Records that an admitted call threw; an excluded exception is recorded as a success.
     *
     * @param permit the call's permit
     * @param startNanos the call's start, from {@link #callStart()}
     * @param failure what the call threw
     * @return {@code true} when the failure was counted and a fallback may replace it; {@code false}
     *     when it was excluded, an interruption, or a fatal error (counted, but never to a fallback)
     */
    boolean onError(long permit, long startNanos, Throwable failure) {
        long duration = durationSince(startNanos);
        CallClassification classification = classify(failure);
        if (classification == CallClassification.EXCLUDED) {
            statistics.record(CallOutcome.EXCLUDED, duration, isTimed(startNanos));
            circuit.onSuccess(permit, duration);
            finished(CallOutcome.EXCLUDED, duration);
            return false;
        }
        if (classification == CallClassification.INTERRUPTED) {
            circuit.release(permit); // the caller was stopped: says nothing about the dependency
            return false;
        }
        statistics.record(CallOutcome.FAILURE, duration, isTimed(startNanos));
        circuit.onFailure(permit, duration);
        finished(CallOutcome.FAILURE, duration);
        return classification.fallbackMayHandle();
    }

    /** Publishes the end of an admitted call, after the circuit's own events about it; only built for listeners that want it. */
    private void finished(CallOutcome outcome, long durationNanos) {
        if (publisher.hasFinishedListeners()) {
            events.finished(new CallFinished(name, outcome, durationNanos, group, key));
        }
    }

    /**
     * Whether an exception counts as a success for this circuit, according to its exclude rules.
     * A rule predicate that throws is logged and the exception is counted: the caller's own
     * exception must not be replaced by the predicate's.
     *
     * @param failure a thrown exception
     * @return {@code true} when it is excluded
     */
    public boolean isExcluded(Throwable failure) {
        try {
            return config.isExcluded(failure);
        } catch (Throwable predicateFailure) {
            // Even an Error of the predicate: rethrowing it would replace the caller's exception.
            LOG.log(Level.WARNING, () -> "Exclude predicate of circuit " + name + " failed on " + failure
                    + "; counting it as a failure", predicateFailure);
            return false;
        }
    }

    /**
     * Tells how this breaker counts an exception a call threw, without recording anything.
     *
     * @param failure the exception
     * @return fatal for a {@link VirtualMachineError}, interrupted for an {@link InterruptedException},
     *     then excluded or failure according to the exclude rules
     */
    CallClassification classify(Throwable failure) {
        if (failure instanceof VirtualMachineError) {
            return CallClassification.FATAL;
        }
        if (failure instanceof InterruptedException) {
            return CallClassification.INTERRUPTED;
        }
        return isExcluded(failure) ? CallClassification.EXCLUDED : CallClassification.FAILURE;
    }

    /**
     * Gives back a permit whose call ended with neither outcome (for example a cancelled subscription),
     * freeing its trial slot without counting anything.
     *
     * @param permit the call's permit
     */
    void releasePermission(long permit) {
        circuit.release(permit);
    }

    // ---- manual control ------------------------------------------------------------------------

    /**
     * Forces the circuit into a state; with a shared store the change applies to every instance.
     * {@link CircuitState#CLOSED} also resets the failure count.
     *
     * @param target the state to enter
     */
    public void transitionTo(CircuitState target) {
        circuit.transitionTo(java.util.Objects.requireNonNull(target, "target state"));
    }

    /** Closes the circuit and resets its failure count. */
    public void reset() {
        transitionTo(CircuitState.CLOSED);
    }

    /** Opens the circuit now for its configured ttl. */
    public void open() {
        transitionTo(CircuitState.OPEN);
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + ", " + getState() + "]";
    }

    /** Turns the stored circuit's decisions into events. */
    private final class Signals implements CircuitSignals {

        @Override
        public void failureCounted(int consecutiveFailures) {
            if (publisher.hasCallListeners()) {
                events.callEvent(new FailureCounted(name, consecutiveFailures, group, key));
            }
        }

        @Override
        public void recovered() {
            if (publisher.hasCallListeners()) {
                events.callEvent(new Recovered(name, group, key));
            }
        }

        @Override
        public void stateChanged(CircuitState from, CircuitState to, TransitionCause cause) {
            events.transition(new StateChanged(name, from, to, cause, 0L, group, key));
        }

        @Override
        public void stateChanged(CircuitState from, CircuitState to, TransitionCause cause, long sequence) {
            events.transition(new StateChanged(name, from, to, cause, sequence, group, key));
        }

        @Override
        public void storeDegraded(String reason) {
            events.event(new StoreDegraded(name, storeType, reason, group, key));
        }

        @Override
        public void storeRecovered() {
            events.event(new StoreRecovered(name, storeType, group, key));
        }
    }
}
