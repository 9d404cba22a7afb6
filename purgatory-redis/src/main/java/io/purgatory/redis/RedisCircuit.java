package io.purgatory.redis;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitRates;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.store.CircuitSignals;
import io.purgatory.store.CircuitSnapshot;
import io.purgatory.store.StoredCircuit;

/**
 * One circuit whose state lives in Redis, answering calls from the snapshot its {@link SnapshotCache}
 * holds. Thread-safe: the hot path only reads final fields, the cached snapshot and the store's health
 * status; the only lock guards switching between shared and local decisions, once per Redis episode.
 *
 * <p>CLOSED, DISABLED, FORCED_OPEN and OPEN before its deadline are answered from memory. Failures in
 * CLOSED, resets of a non-zero count and forced states go to {@link SharedChanges}, trial permits and
 * outcomes to {@link SharedTrials}: one script each, sent by {@link CircuitScripts}, bounded by the
 * command timeout and never awaited on a Netty thread. While Redis is unavailable the
 * {@link FallbackSwitch} hands every call to the {@link LocalFallback}; no Redis exception ever leaves
 * this class.
 *
 * <p>With a rate condition, calls that end in CLOSED are also counted in a {@link SharedWindow}
 * (lock-free counters, no command); the store's thread sends the counts with its periodic refresh,
 * as one {@code flush} script that adds them to the window shared by every instance and trips there.
 */
final class RedisCircuit implements StoredCircuit {

    private final String name;
    private volatile CircuitBreakerConfig config; // replaced by reconfigure()
    private final TimeSource time;
    private final long trialRetryNanos;
    private final LocalFallback local;
    private final SharedWindow window; // counts nothing without a rate condition
    private final SnapshotCache cache;
    private final FallbackSwitch fallback;
    private final CircuitScripts scripts;
    private final SharedChanges changes;
    private final SharedTrials trials;
    private final RedisCircuitStore store;
    private volatile boolean called;
    private long lastCalledNanos; // the store's thread only

    RedisCircuit(String name, CircuitKeys keys, CircuitBreakerConfig config, TimeSource time, CircuitSignals signals,
            RedisCircuitStore store) {
        this.name = name;
        this.store = store;
        this.config = config;
        this.time = time;
        RedisStoreSettings settings = store.settings();
        this.trialRetryNanos = settings.refreshInterval().toNanos();
        this.local = new LocalFallback(name, config, time, signals);
        this.window = new SharedWindow(config, settings.refreshInterval());
        // The switch seeds the local breaker from the cache, so the cache comes first; it asks the switch only
        // when it installs a snapshot, which happens after construction.
        this.cache = new SnapshotCache(name, store.instanceId(), signals, this::followsShared, time.nanoTime());
        this.lastCalledNanos = time.nanoTime();
        this.fallback = new FallbackSwitch(store.health(), local, window, signals, cache);
        this.scripts = new CircuitScripts(name, keys, config, time, store, window, cache, fallback);
        this.changes = new SharedChanges(config, signals, window, local, cache, fallback, scripts);
        this.trials = new SharedTrials(config, time, signals, store, local, cache, fallback, scripts);
    }

    String name() {
        return name;
    }

    private boolean followsShared() {
        return fallback.followsShared();
    }

    // ---- hot path ---------------------------------------------------------------------------

    @Override
    public long acquire() {
        if (!called) {
            called = true; // written only when it changes, so busy circuits do not contend on it
        }
        if (fallback.degraded()) {
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
                return trials.acquire();
            default: // HALF_OPEN
                CircuitBreakerConfig settings = config;
                // Successes that already close the round can only be the work of a reconfiguration: ask
                // Redis, whose acquire_trial closes such a round.
                if (current.liveLeases() + current.trialSuccesses() >= settings.halfOpenCalls()
                        && current.trialSuccesses() < settings.halfOpenSuccesses()
                        && time.nanoTime() - current.receivedNanos() < trialRetryNanos && !trials.hasAhead()) {
                    return REJECTED; // every slot was taken a moment ago; ask Redis again after a refresh interval
                }
                return trials.acquire();
        }
    }

    @Override
    public void onSuccess(long permit, long durationNanos) {
        if (SharedTrials.isShared(permit)) {
            trials.finish(permit, "success");
        } else if (fallback.degraded() || !StoredCircuit.isFree(permit)) {
            local.circuit().onSuccess(permit, durationNanos);
        } else {
            SharedSnapshot current = cache.current();
            if (current.state() == CircuitState.CLOSED) {
                window.record(false, durationNanos);
                if (current.failures() > 0) {
                    changes.recordSuccess(durationNanos);
                }
            }
        }
    }

    @Override
    public void onFailure(long permit, long durationNanos) {
        if (SharedTrials.isShared(permit)) {
            trials.finish(permit, "failure");
        } else if (fallback.degraded() || !StoredCircuit.isFree(permit)) {
            local.circuit().onFailure(permit, durationNanos);
        } else if (cache.current().state() == CircuitState.CLOSED) {
            changes.recordFailure(durationNanos);
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
        if (fallback.degraded()) {
            local.circuit().transitionTo(target); // Redis is unavailable: at least this instance obeys
            return;
        }
        changes.transitionTo(target);
    }

    @Override
    public CircuitSnapshot snapshot() {
        if (fallback.degraded()) {
            CircuitSnapshot s = local.circuit().snapshot();
            return new CircuitSnapshot(s.state(), s.consecutiveFailures(), s.openedAt(), s.openPeriod(),
                    s.trialsInFlight(), s.reopenings(), s.version(), true);
        }
        return cache.current().toCircuitSnapshot();
    }

    @Override
    public CircuitState state() {
        return fallback.degraded() ? local.circuit().state() : cache.current().state();
    }

    @Override
    public CircuitRates rates() {
        if (!window.enabled()) {
            return CircuitRates.NONE;
        }
        return fallback.degraded() ? local.circuit().rates() : window.rates();
    }

    @Override
    public int consecutiveFailures() {
        if (fallback.degraded()) {
            return local.circuit().consecutiveFailures();
        }
        SharedSnapshot current = cache.current();
        return current.state() == CircuitState.CLOSED ? current.failures() : 0;
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
        changes.reconfigure(next);
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
        return changes.transitionTo(target, expectedVersion);
    }

    /**
     * Returns the runner of this circuit's scripts, for the store's refresher.
     *
     * @return the circuit's scripts
     */
    CircuitScripts scripts() {
        return scripts;
    }

    /**
     * Returns what this instance knows of the shared state, for the store's refresher.
     *
     * @return the circuit's snapshot cache
     */
    SnapshotCache cache() {
        return cache;
    }

    /**
     * Returns the shared side of the window, for tests that replay flushes.
     *
     * @return the shared window
     */
    SharedWindow window() {
        return window;
    }

    /**
     * Returns the switch between shared and local decisions, for the store's refresher.
     *
     * @return the circuit's fallback switch
     */
    FallbackSwitch fallback() {
        return fallback;
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
