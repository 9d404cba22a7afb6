package io.purgatory.redis;

import static io.purgatory.store.StoredCircuit.NORMAL_PERMIT;
import static io.purgatory.store.StoredCircuit.REJECTED;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.store.CircuitSignals;

/**
 * One circuit's half-open trials decided by Redis: asks for a trial permit as an expiring lease
 * (ahead, for the next call, on a Netty thread), renews the leases of trials still running, and
 * reports each trial's outcome. Thread-safe: the leases are kept in a {@link TrialLeases}.
 *
 * <p>Renewal: the store's thread extends every lease in use when half of it has passed, so a trial
 * slower than {@code lease-duration} keeps its slot (no other instance starts one meanwhile) and its
 * outcome counts, for up to the breaker's {@code half-open-timeout}, after which a permit never
 * reported frees the slot as it does locally. An instance that dies stops renewing, and its lease
 * expires as before.
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
    private final CircuitMode mode;
    private final CircuitScripts scripts;
    private final TrialLeases leases;

    SharedTrials(CircuitBreakerConfig config, TimeSource time, CircuitSignals signals, RedisCircuitStore store,
            LocalFallback local, SnapshotCache cache, CircuitMode mode, CircuitScripts scripts) {
        this.config = config;
        this.time = time;
        this.signals = signals;
        this.instanceId = store.instanceId();
        this.leaseMillis = Long.toString(store.settings().leaseDuration().toMillis());
        this.leaseNanos = store.settings().leaseDuration().toNanos();
        this.leases = new TrialLeases(store.settings().leaseDuration());
        this.local = local;
        this.cache = cache;
        this.mode = mode;
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
     * Whether a trial of this instance runs on a lease, to be renewed by the store's thread.
     *
     * @return {@code true} while one runs
     */
    boolean holdsLeases() {
        return leases.holdsAny();
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
                scripts.send(RedisScripts.ACQUIRE_TRIAL, args).thenAccept(reply -> {
                    if (reply != null) {
                        cache.installReply(reply);
                    }
                    boolean granted = reply != null && (reply.code() & 1) != 0;
                    leases.aheadRequestDone(granted ? SHARED_TRIAL | sequence : REJECTED, token,
                            granted ? reply.snapshot().round() : 0,
                            granted ? reply.snapshot().receivedNanos() + leaseNanos / 2 : 0);
                });
            }
            return REJECTED;
        }
        ScriptReply reply = scripts.run(RedisScripts.ACQUIRE_TRIAL, args);
        if (reply == null) {
            return mode.isLocal() ? local.circuit().acquire() : REJECTED;
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
        if (lease == null || mode.isLocal()) {
            return; // unknown or already reported; while degraded the lease simply expires
        }
        scripts.runOrSend(RedisScripts.RECORD_TRIAL, reply -> {
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

    /**
     * Extends the leases of trials still running once half of their duration has passed, up to the breaker's
     * {@code half-open-timeout} after the grant, without waiting for the replies; for the store's thread.
     *
     * @param nowNanos {@link System#nanoTime()}: leases run on Redis's clock, in real time, whatever the
     *     breaker's time source
     */
    void renewDue(long nowNanos) {
        for (TrialLeases.Lease lease : leases.renewalsDue(nowNanos, config.halfOpenTimeout().toNanos())) {
            scripts.send(RedisScripts.RENEW_TRIAL, lease.token(), Long.toString(lease.round()), leaseMillis)
                    .thenAccept(reply -> {
                        if (reply != null && reply.code() == 1) {
                            leases.renewed(lease, System.nanoTime() + leaseNanos / 2);
                        }
                    });
        }
    }
}
