package io.purgatory;

import io.purgatory.event.BreakerCreated;
import io.purgatory.event.CallFinished;
import io.purgatory.event.CallRejected;
import io.purgatory.event.ConfigChanged;
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

    // A keyed circuit is one of up to millions: what its group's circuits share is in one object per group,
    // its name is built when asked for, and what it needs only once it has events is made then.
    /** The group, settings, clock and store type: the group's own object for a keyed circuit. */
    private final BreakerSettings settings;
    /** The key of a keyed circuit, {@code null} for a plain breaker. */
    private final String key;
    /**
     * Whether a keyed circuit was looked up since its group's last sweep: a plain field, written only when
     * it was {@code false}, so that a keyed call neither reads the clock nor dirties a shared cache line.
     */
    boolean used;
    /** When the group's last sweep saw the keyed circuit used (monotonic nanos); written under the group's lock. */
    long lastSeenNanos;
    private final EventPublisher publisher; // asked by every call whether a per-call event is wanted
    private final BreakerEvents events;
    private CircuitPermits permits; // made on first use: most breakers are only used through get/run/call
    private final CallStatistics statistics;
    private final StoredCircuit circuit;
    /**
     * 1 in how many calls is timed while only totals need durations; 1 when every call must be timed; 0 when
     * calls are not timed. Volatile: reconfigure() replaces it while calls run.
     */
    private volatile int sampling;

    /** The start of a call that sampling left untimed. */
    private static final long UNTIMED = Long.MIN_VALUE;

    /**
     * A timed call's start mark is the clock reading minus this arbitrary odd constant. The marks of untimed
     * calls, 0 and {@link #UNTIMED}, are then no clock's natural edge (0 at a fake clock's origin,
     * {@code Long.MIN_VALUE} after a wrap-around) but one arbitrary instant each, and a call that began
     * untimed stays untimed when a reconfiguration switches timing on before it ends.
     */
    private static final long MARK_SHIFT = 0x3C6E_F372_FE94_F82BL;

    /**
     * Creates a plain breaker ({@code key == null}, named like {@code settings.group}) or a keyed circuit of
     * the group whose settings it shares.
     */
    CircuitBreaker(String key, BreakerSettings settings, CircuitStore store, EventPublisher publisher,
            boolean recordCallDurations, int callDurationSampling) {
        this.settings = settings;
        this.key = key;
        this.publisher = publisher;
        this.events = new BreakerEvents(this);
        CircuitBreakerConfig config = settings.config();
        applyTiming(config, recordCallDurations, callDurationSampling);
        this.statistics = new CallStatistics();
        this.circuit = store.attach(getName(), config, settings.time, events);
    }

    /** Sets what is derived from the settings on the call path. */
    private void applyTiming(CircuitBreakerConfig config, boolean recordCallDurations, int callDurationSampling) {
        // Two clock reads are most of what a healthy call costs, so calls are timed only when
        // something reads the durations: meters of call time, or a slow-call condition.
        boolean slowCalls = config.window().slowCallRateThreshold() > 0f;
        // A slow-call condition judges every call by its own duration: it cannot be sampled.
        this.sampling = !recordCallDurations && !slowCalls ? 0 : slowCalls ? 1 : callDurationSampling;
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
        CircuitBreakerConfig previous = settings.replace(next);
        if (previous == null) {
            return false;
        }
        reconfigured(previous, next, recordCallDurations, callDurationSampling);
        return true;
    }

    /**
     * Applies settings that were just replaced in this breaker's {@link BreakerSettings} (by the breaker
     * itself, or by its group for all its circuits at once): call timing, one {@link ConfigChanged}, the store.
     */
    void reconfigured(CircuitBreakerConfig previous, CircuitBreakerConfig next, boolean recordCallDurations,
            int callDurationSampling) {
        applyTiming(next, recordCallDurations, callDurationSampling);
        String name = getName();
        // Announced before the store applies it: a transition the new settings cause at once (a half-open
        // round that already has enough successes) follows the change that caused it.
        events.event(new ConfigChanged(name, previous, next, settings.group, key));
        boolean applied = circuit.reconfigure(next);
        if (!applied) {
            LOG.log(Level.WARNING, () -> "The " + settings.storeType + " store of circuit " + name + " does not "
                    + "support runtime reconfiguration: its state machine keeps the settings it was created with; "
                    + "exclude rules and call timing follow the new settings");
        }
    }

    /**
     * Returns the circuit's name.
     *
     * @return the name given to the factory; {@code group[key]} for a keyed circuit, built on each call
     */
    public String getName() {
        return key == null ? settings.group : CircuitBreakerGroup.circuitName(settings.group, key);
    }

    /**
     * Returns the group of a keyed circuit (see {@link CircuitBreakerGroup}), or the name of a plain breaker.
     *
     * @return the group name
     */
    public String getGroup() {
        return settings.group;
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
        return settings.config();
    }

    /**
     * Returns when the settings were last replaced at runtime; for a keyed circuit, when its group's were.
     *
     * @return the time of the last change, or {@code null} while the breaker (or its group) has the settings it
     *     was created with
     */
    public Instant getConfigChangedAt() {
        return settings.changedAt();
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
        return settings.storeType;
    }

    EventPublisher publisher() {
        return publisher;
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
        events.announce(new BreakerCreated(getName(), settings.config(), settings.group, key));
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
            statistics.record(CallOutcome.REJECTED, 0, false, false);
            if (publisher.hasCallListeners()) {
                events.callEvent(new CallRejected(getName(), circuit.state(), settings.group, key));
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
        return new CircuitOpenException(getName(), circuit.openedAtMillis(), circuit.state());
    }

    /**
     * Marks the start of an admitted call, to pass to {@link #onSuccess} and {@link #onError}.
     *
     * @return a mark of the monotonic time of the breaker's time source when this breaker times this call,
     *     otherwise 0 or another value that tells {@link #onSuccess} and {@link #onError} so, without reading the clock
     */
    long callStart() {
        int oneIn = sampling;
        if (oneIn == 0) {
            return 0L;
        }
        // Sampled: a uniform random 1 in `sampling` calls, whatever they are, so that the timed calls'
        // mean is an unbiased estimate of every call's; listeners of CallFinished need every duration.
        if (oneIn > 1 && ThreadLocalRandom.current().nextInt(oneIn) != 0 && !publisher.hasFinishedListeners()) {
            return UNTIMED;
        }
        return settings.time.nanoTime() - MARK_SHIFT;
    }

    /**
     * Whether this breaker measures how long calls take (for call-time meters or a slow-call condition).
     *
     * @return {@code true} when calls are timed
     */
    boolean isTimed() {
        return sampling != 0;
    }

    private long durationSince(long startNanos) {
        return isTimed(startNanos) ? settings.time.nanoTime() - MARK_SHIFT - startNanos : 0L;
    }

    private boolean isTimed(long startNanos) {
        return sampling != 0 && startNanos != UNTIMED && startNanos != 0L;
    }

    /**
     * Records that an admitted call succeeded.
     *
     * @param permit the call's permit
     * @param startNanos the call's start, from {@link #callStart()}
     */
    void onSuccess(long permit, long startNanos) {
        boolean timedCall = isTimed(startNanos);
        long duration = timedCall ? settings.time.nanoTime() - MARK_SHIFT - startNanos : 0L;
        // Sampled: the factory's setting, not this config's: a later configuration without a slow-call
        // condition samples, and its estimates need the count of timed calls from the start.
        statistics.recordSuccess(duration, timedCall, timedCall && settings.sampledDurations);
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
            boolean timed = isTimed(startNanos);
            statistics.record(CallOutcome.EXCLUDED, duration, timed, timed && settings.sampledDurations);
            circuit.onSuccess(permit, duration);
            finished(CallOutcome.EXCLUDED, duration);
            return false;
        }
        if (classification == CallClassification.INTERRUPTED) {
            circuit.release(permit); // the caller was stopped: says nothing about the dependency
            return false;
        }
        boolean timed = isTimed(startNanos);
        statistics.record(CallOutcome.FAILURE, duration, timed, timed && settings.sampledDurations);
        circuit.onFailure(permit, duration);
        finished(CallOutcome.FAILURE, duration);
        return classification.fallbackMayHandle();
    }

    /** Publishes the end of an admitted call, after the circuit's own events about it; only built for listeners that want it. */
    private void finished(CallOutcome outcome, long durationNanos) {
        if (publisher.hasFinishedListeners()) {
            events.finished(new CallFinished(getName(), outcome, durationNanos, settings.group, key));
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
            return settings.config().isExcluded(failure);
        } catch (Throwable predicateFailure) {
            // Even an Error of the predicate: rethrowing it would replace the caller's exception.
            LOG.log(Level.WARNING, () -> "Exclude predicate of circuit " + getName() + " failed on " + failure
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
        return "CircuitBreaker[" + getName() + ", " + getState() + "]";
    }
}
