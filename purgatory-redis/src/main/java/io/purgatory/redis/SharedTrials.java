package io.purgatory.redis;

import static io.purgatory.store.StoredCircuit.NORMAL_PERMIT;
import static io.purgatory.store.StoredCircuit.REJECTED;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.store.CircuitSignals;

/**
 * One circuit's half-open trials decided by Redis: asks for a trial permit as an expiring lease
 * (ahead, for the next call, on a Netty thread) and reports each trial's outcome. Thread-safe: the
 * leases are kept in a {@link TrialLeases}.
 */
final class SharedTrials {

    /** Marks trial permits granted by Redis, so they never collide with the local breaker's round numbers. */
    static final long SHARED_TRIAL = 1L << 62;

    private volatile CircuitBreakerConfig config; // replaced by a reconfiguration
    private final TimeSource time;
    private final CircuitSignals signals;
    private final String instanceId;
    private final String leaseMillis;
    private final long leaseNanos;
    private final LocalFallback local;
    private final SnapshotCache cache;
    private final FallbackSwitch fallback;
    private final CircuitScripts scripts;
    private final TrialLeases leases = new TrialLeases();

    SharedTrials(CircuitBreakerConfig config, TimeSource time, CircuitSignals signals, RedisCircuitStore store,
            LocalFallback local, SnapshotCache cache, FallbackSwitch fallback, CircuitScripts scripts) {
        this.config = config;
        this.time = time;
        this.signals = signals;
        this.instanceId = store.instanceId();
        this.leaseMillis = Long.toString(store.settings().leaseDuration().toMillis());
        this.leaseNanos = store.settings().leaseDuration().toNanos();
        this.local = local;
        this.cache = cache;
        this.fallback = fallback;
        this.scripts = scripts;
    }

    /**
     * Whether a permit is a trial lease granted by Redis.
     *
     * @param permit a permit this circuit handed out
     * @return {@code true} for a shared trial
     */
    static boolean isShared(long permit) {
        return (permit & SHARED_TRIAL) != 0;
    }

    /**
     * Uses new settings from the next script on: leases already granted keep their expiry; a smaller
     * {@code halfOpenCalls} grants no new lease until fewer are held.
     *
     * @param config the breaker's new settings
     */
    void reconfigure(CircuitBreakerConfig config) {
        this.config = config;
    }

    /**
     * Whether a lease acquired ahead waits for a call.
     *
     * @return {@code true} when one is held
     */
    boolean hasAhead() {
        return leases.hasAhead();
    }

    /**
     * Asks for a trial permit: takes the lease acquired ahead, or asks Redis for one (on a Netty thread,
     * in the background, for the next call).
     *
     * @return a shared trial permit, the normal permit when the shared state lets every call through,
     *         the local breaker's answer while degraded, or {@code REJECTED}
     */
    long acquire() {
        SharedSnapshot current = cache.current();
        long ahead = leases.takeAhead(current.state() == CircuitState.HALF_OPEN ? current.round() : -1, time.nanoTime());
        if (ahead != REJECTED) {
            return ahead;
        }
        long sequence = leases.nextSequence();
        String token = instanceId + ":" + sequence;
        CircuitBreakerConfig config = this.config;
        String[] args = {token, leaseMillis, Integer.toString(config.halfOpenCalls()),
                Integer.toString(config.halfOpenSuccesses())};
        if (!ScriptRunner.mayWait()) {
            // This thread must not wait for Redis: ask in the background and reject this call; the next call
            // takes the lease if Redis grants one (while at least half of the lease is left).
            if (leases.startAheadRequest()) {
                scripts.sendAsync(RedisScripts.ACQUIRE_TRIAL, reply -> {
                    if (reply != null) {
                        cache.installReply(reply);
                    }
                    boolean granted = reply != null && (reply.code() & 1) != 0;
                    leases.aheadRequestDone(granted ? SHARED_TRIAL | sequence : REJECTED, token,
                            granted ? reply.snapshot().round() : 0,
                            granted ? reply.snapshot().receivedNanos() + leaseNanos / 2 : 0);
                }, args);
            }
            return REJECTED;
        }
        ScriptReply reply = scripts.run(RedisScripts.ACQUIRE_TRIAL, args);
        if (reply == null) {
            return fallback.degraded() ? local.circuit().acquire() : REJECTED;
        }
        cache.installReply(reply);
        if ((reply.code() & 1) == 0) {
            // No lease; but when the cache was stale and the shared state lets every call through, so does this one.
            CircuitState state = reply.snapshot().state();
            return state == CircuitState.CLOSED || state == CircuitState.DISABLED ? NORMAL_PERMIT : REJECTED;
        }
        long permit = SHARED_TRIAL | sequence;
        leases.hold(permit, token, reply.snapshot().round());
        return permit;
    }

    /**
     * Reports a trial's outcome to Redis and gives its lease back.
     *
     * @param permit the shared trial permit
     * @param outcome {@code success}, {@code failure} or {@code release}, as {@code record_trial.lua} reads it
     */
    void finish(long permit, String outcome) {
        CircuitBreakerConfig config = this.config;
        TrialLeases.Lease lease = leases.remove(permit);
        if (lease == null || fallback.degraded()) {
            return; // unknown or already reported; while degraded the lease simply expires
        }
        scripts.send(RedisScripts.RECORD_TRIAL, reply -> {
            if (reply != null) {
                if (reply.code() >= 1 && outcome.equals("success")) {
                    signals.recovered();
                }
                cache.installReply(reply);
            }
        }, lease.token(), Long.toString(lease.round()), outcome, Integer.toString(config.halfOpenSuccesses()),
                Long.toString(config.ttl().toMillis()), Double.toString(config.backoffMultiplier()),
                Long.toString(config.maxTtl().toMillis()));
    }
}
