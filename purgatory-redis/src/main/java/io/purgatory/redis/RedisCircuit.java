package io.purgatory.redis;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitRates;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.store.CircuitSignals;
import io.purgatory.store.CircuitSnapshot;
import io.purgatory.store.StoredCircuit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One circuit whose state lives in Redis, answering calls from the snapshot its {@link SnapshotCache}
 * holds. Thread-safe: the hot path only reads final fields, the cached snapshot and its mode; no call
 * in CLOSED waits for Redis.
 *
 * <p>CLOSED, DISABLED, FORCED_OPEN and OPEN before its deadline are answered from memory. Failures
 * and successes in CLOSED are counted locally by the {@link CircuitFlush}, which sends a trip at once
 * and window counts with the store's next flush; trial permits and outcomes go
 * to {@link SharedTrials}; forced states are sent at once. Every script goes through
 * {@link CircuitScripts}. While Redis fails for this circuit or for the whole store, its
 * {@link CircuitMode} hands every call to the {@link LocalFallback}; no Redis exception ever leaves this
 * class.
 */
final class RedisCircuit implements StoredCircuit {

    private final String name;
    private volatile CircuitBreakerConfig config; // replaced by reconfigure()
    private final TimeSource time;
    private final CircuitSignals signals;
    private final long trialRetryNanos;
    private final LocalFallback local;
    private final SharedWindow window; // counts nothing without a rate condition
    private final SnapshotCache cache;
    private final CircuitMode mode;
    private final CircuitScripts scripts;
    private final CircuitFlush flush;
    private final SharedTrials trials;
    private final RedisCircuitStore store;
    private volatile boolean called;
    private final AtomicBoolean listed = new AtomicBoolean(); // on the store's list of busy circuits
    private volatile long readGeneration; // the store's resync generation of this circuit's last read
    private long lastCalledNanos; // the store's thread only

    RedisCircuit(String name, CircuitKeys keys, CircuitBreakerConfig config, TimeSource time, CircuitSignals signals,
            RedisCircuitStore store) {
        RedisStoreSettings settings = store.settings();
        this.name = name;
        this.store = store;
        this.config = config;
        this.time = time;
        this.signals = signals;
        this.trialRetryNanos = settings.refreshInterval().toNanos();
        this.local = new LocalFallback(name, config, time, signals);
        this.window = new SharedWindow(config, settings.refreshInterval());
        this.cache = new SnapshotCache(name, store.instanceId(), signals, time.nanoTime());
        this.mode = new CircuitMode(name, store.health(), local, cache, signals, new ModeSwitches(), settings);
        this.scripts = new CircuitScripts(name, keys, config, time, store, cache, mode);
        this.flush = new CircuitFlush(config, window, cache, mode, scripts, settings.commandTimeout());
        this.trials = new SharedTrials(config, time, signals, store, local, cache, mode, scripts);
        this.lastCalledNanos = System.nanoTime();
    }

    String name() {
        return name;
    }

    /** What the circuit's mode asks of it when it switches between shared and local decisions. */
    private final class ModeSwitches implements CircuitMode.Circuit {

        @Override
        public int discardPending(SharedSnapshot shared) {
            return shared.state() == CircuitState.CLOSED ? flush.discard() : 0;
        }

        @Override
        public void decidesLocally() {
            listBusy();
        }
    }

    /** Lists this circuit for the store's next refresh; one volatile read when it is listed already. */
    private void listBusy() {
        if (!listed.get()) {
            store.busy().add(this);
        }
    }

    // ---- hot path ---------------------------------------------------------------------------

    @Override
    public long acquire() {
        if (!called) {
            called = true; // written only when it changes, so busy circuits do not contend on it
        }
        if (mode.isLocal()) {
            return local.circuit().acquire();
        }
        SharedSnapshot current = cache.current();
        switch (current.state()) {
            case CLOSED, DISABLED:
                return NORMAL_PERMIT;
            case FORCED_OPEN:
                return REJECTED;
            case OPEN:
                // Strictly after the deadline, as the local breaker.
                if (time.nanoTime() - current.openDeadlineNanos() <= 0) {
                    return REJECTED;
                }
                return trialPermit();
            default: // HALF_OPEN
                CircuitBreakerConfig settings = config;
                // Successes that already close the round can only be the work of a reconfiguration: ask
                // Redis, whose acquire_trial closes such a round.
                if (current.liveLeases() + current.trialSuccesses() >= settings.halfOpenCalls()
                        && current.trialSuccesses() < settings.halfOpenSuccesses()
                        && time.nanoTime() - current.receivedNanos() < trialRetryNanos && !trials.hasAhead()) {
                    return REJECTED; // every slot was taken a moment ago; ask Redis again after a refresh interval
                }
                return trialPermit();
        }
    }

    private long trialPermit() {
        long permit = trials.acquire();
        if (SharedTrials.isShared(permit)) {
            listBusy(); // its lease is renewed while the trial runs
        }
        return permit;
    }

    @Override
    public void onSuccess(long permit, long durationNanos) {
        if (SharedTrials.isShared(permit)) {
            trials.finish(permit, "success");
        } else if (mode.isLocal() || !StoredCircuit.isFree(permit)) {
            local.circuit().onSuccess(permit, durationNanos);
        } else {
            SharedSnapshot current = cache.current();
            if (current.state() == CircuitState.CLOSED) {
                if (window.record(false, durationNanos)) {
                    listBusy(); // flushed with the next refresh
                }
                if (flush.success()) {
                    signals.recovered();
                }
            }
        }
    }

    @Override
    public void onFailure(long permit, long durationNanos) {
        if (SharedTrials.isShared(permit)) {
            trials.finish(permit, "failure");
        } else if (mode.isLocal() || !StoredCircuit.isFree(permit)) {
            local.circuit().onFailure(permit, durationNanos);
        } else {
            SharedSnapshot current = cache.current();
            if (current.state() == CircuitState.CLOSED) {
                boolean counted = window.record(true, durationNanos); // before the count: a trip carries it
                int inARow = flush.failure(current);
                if (counted || inARow >= config.threshold()) {
                    // The trip went out at once unless a flush was in flight; listed, the store's thread sends it if that
                    // flush's reply missed it, or never comes (taken over after four command timeouts).
                    listBusy();
                }
                signals.failureCounted(inARow);
            }
        }
        // In any other state Redis counts no failure (DISABLED, or a call admitted before a trip): no script.
    }

    @Override
    public void release(long permit) {
        if (SharedTrials.isShared(permit)) {
            trials.finish(permit, "release");
        } else {
            local.circuit().release(permit);
        }
    }

    @Override
    public void transitionTo(CircuitState target) {
        if (mode.isLocal()) {
            local.circuit().transitionTo(target); // Redis is unavailable: at least this instance obeys
            return;
        }
        scripts.runOrSend(RedisScripts.TRANSITION, reply -> {
            if (reply != null) {
                cache.installReply(reply);
            } else if (mode.isLocal()) {
                local.circuit().transitionTo(target);
            }
        }, target.name(), "-1", Long.toString(config.ttl().toMillis()));
    }

    @Override
    public CircuitSnapshot snapshot() {
        if (mode.isLocal()) {
            CircuitSnapshot s = local.circuit().snapshot();
            return new CircuitSnapshot(s.state(), s.consecutiveFailures(), s.openedAt(), s.openPeriod(),
                    s.trialsInFlight(), s.reopenings(), s.version(), true);
        }
        SharedSnapshot current = cache.current();
        return current.toCircuitSnapshot(flush.failuresInARow(current));
    }

    @Override
    public CircuitState state() {
        return mode.isLocal() ? local.circuit().state() : cache.current().state();
    }

    @Override
    public CircuitRates rates() {
        if (!window.enabled()) {
            return CircuitRates.NONE;
        }
        return mode.isLocal() ? local.circuit().rates() : window.rates();
    }

    @Override
    public int consecutiveFailures() {
        if (mode.isLocal()) {
            return local.circuit().consecutiveFailures();
        }
        SharedSnapshot current = cache.current();
        return current.state() == CircuitState.CLOSED ? flush.failuresInARow(current) : 0;
    }

    /**
     * Decides with new settings from now on. The state in Redis (count, open deadline, leases, the shared
     * window) is kept: every script is sent the settings it judges by, so the new ones apply from the
     * next script of this instance. A window of another shape starts empty (see {@link SharedWindow}).
     * The local fallback breaker takes them too.
     */
    @Override
    public boolean reconfigure(CircuitBreakerConfig next) {
        scripts.reconfigure(next);
        window.reconfigure(next);
        flush.reconfigure(next);
        trials.reconfigure(next);
        local.reconfigure(next);
        config = next;
        return true;
    }

    /** No breaker uses this circuit any more: the store stops refreshing it and forgets it (its keys expire). */
    @Override
    public void detach() {
        store.forget(this);
    }

    /**
     * Forces a state in Redis, fenced by a version; waits for the answer.
     *
     * @param target the state to enter
     * @param expectedVersion the version the caller saw, or -1 to force whatever the version
     * @return {@code true} when Redis applied it, {@code false} when fenced off or unavailable
     */
    boolean transitionTo(CircuitState target, long expectedVersion) {
        ScriptReply reply = scripts.run(RedisScripts.TRANSITION, target.name(), Long.toString(expectedVersion),
                Long.toString(config.ttl().toMillis()));
        if (reply == null) {
            return false;
        }
        cache.installReply(reply);
        return reply.code() > 0;
    }

    /**
     * Sends the news gathered since the last flush, or reads the shared state when there is none, without
     * waiting; for the store's thread.
     *
     * @return the reply, or null when it failed or a flush was in flight already; never fails
     */
    CompletableFuture<FlushReply> flush() {
        return flush.send();
    }

    /**
     * Whether there is news to flush.
     *
     * @return {@code true} when failures, a reset or window counts wait to be sent
     */
    boolean hasNews() {
        return flush.hasNews();
    }

    /**
     * Whether nothing waits to be sent and no flush is on its way, for tests that read Redis after a call.
     *
     * @return {@code true} when Redis has everything this instance counted
     */
    boolean settled() {
        return !flush.hasNews() && !flush.inFlight();
    }

    /**
     * Whether the store's thread has something to do for this circuit every refresh interval: it decides
     * locally (and tries to share again), has news to flush, holds trial leases to renew, or has not read
     * its shared state yet (its first read failed).
     *
     * @return {@code true} to keep it on the store's list of busy circuits
     */
    boolean busy() {
        return mode.isLocal() || flush.hasNews() || trials.holdsLeases() || cache.current().isInitial();
    }

    /**
     * Marks this circuit as listed among the store's busy circuits ({@link BusyCircuits}).
     *
     * @return {@code true} when it was not listed, and the caller lists it
     */
    boolean markListed() {
        return !listed.get() && listed.compareAndSet(false, true); // one read when listed: the hot path's case
    }

    /** Marks this circuit as taken off the store's list of busy circuits. */
    void unmarkListed() {
        listed.set(false);
    }

    /**
     * Whether this circuit may have missed a change and should be read again: nothing has come from Redis
     * for it for the given time, or nothing at all yet (its first read failed); for the store's thread,
     * which asks only for circuits called recently.
     *
     * @param resyncNanos how long without a reply is too long
     * @return {@code true} when a read is due
     */
    boolean resyncDue(long resyncNanos) {
        SharedSnapshot current = cache.current();
        return current.isInitial() || time.nanoTime() - current.receivedNanos() >= resyncNanos; // never read yet: now
    }

    /**
     * Whether this circuit's last read by the store's thread is older than a resync the store asked for.
     *
     * @param generation the store's resync generation
     * @return {@code true} when it should be read again
     */
    boolean readBefore(long generation) {
        return readGeneration < generation;
    }

    /**
     * Records a read made in a resync generation; for the store's thread.
     *
     * @param generation the store's resync generation when the read was sent
     */
    void readIn(long generation) {
        if (readGeneration < generation) {
            readGeneration = generation;
        }
    }

    /**
     * Returns the switch between shared and local decisions, for the store's thread.
     *
     * @return the circuit's mode
     */
    CircuitMode mode() {
        return mode;
    }

    /**
     * Returns the circuit's trials, whose leases the store's thread renews.
     *
     * @return the circuit's trials
     */
    SharedTrials trials() {
        return trials;
    }

    /**
     * Returns the runner of this circuit's scripts, for tests that send scripts by hand.
     *
     * @return the circuit's scripts
     */
    CircuitScripts scripts() {
        return scripts;
    }

    /**
     * Returns the shared side of the window, for tests that send flushes by hand.
     *
     * @return the shared window
     */
    SharedWindow window() {
        return window;
    }

    /**
     * Returns what this instance knows of the shared state.
     *
     * @return the circuit's snapshot cache
     */
    SnapshotCache cache() {
        return cache;
    }

    /**
     * Whether the store's thread should refresh this circuit now: it was called within the activity
     * window. Called by the store's thread only.
     *
     * @param nowNanos the store thread's current time
     * @param activeWindowNanos the activity window
     * @return {@code true} to refresh
     */
    boolean isActive(long nowNanos, long activeWindowNanos) {
        if (called) {
            called = false;
            lastCalledNanos = nowNanos;
        }
        return nowNanos - lastCalledNanos < activeWindowNanos;
    }
}
