package io.purgatory.redis;

import static io.purgatory.store.StoredCircuit.NORMAL_PERMIT;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.store.CircuitSignals;

/**
 * Sends one circuit's counted failures, count resets and forced states to Redis, one script each, and
 * applies each reply: its signals and snapshot, or the local breaker when Redis became unavailable
 * meanwhile. Thread-safe: it holds no mutable state of its own.
 */
final class SharedChanges {

    private volatile CircuitBreakerConfig config; // replaced by a reconfiguration
    private final CircuitSignals signals;
    private final SharedWindow window;
    private final LocalFallback local;
    private final SnapshotCache cache;
    private final FallbackSwitch fallback;
    private final CircuitScripts scripts;

    SharedChanges(CircuitBreakerConfig config, CircuitSignals signals, SharedWindow window, LocalFallback local,
            SnapshotCache cache, FallbackSwitch fallback, CircuitScripts scripts) {
        this.config = config;
        this.signals = signals;
        this.window = window;
        this.local = local;
        this.cache = cache;
        this.fallback = fallback;
        this.scripts = scripts;
    }

    /**
     * Counts a failure in CLOSED, which may trip the circuit.
     *
     * @param durationNanos how long the call took
     */
    void recordFailure(long durationNanos) {
        CircuitBreakerConfig config = this.config; // one configuration for the script and its reply
        scripts.send(RedisScripts.RECORD_FAILURE, reply -> {
            if (reply == null) {
                if (fallback.degraded()) {
                    local.circuit().onFailure(NORMAL_PERMIT, durationNanos); // the failure still counts, locally
                }
                return;
            }
            if (reply.code() == 1) {
                window.record(true, durationNanos); // counted in CLOSED, which is all the window holds
                signals.failureCounted(reply.snapshot().failures());
            } else if (reply.code() == 2) {
                signals.failureCounted(config.threshold());
            }
            cache.installReply(reply);
        }, Integer.toString(config.threshold()), Long.toString(config.ttl().toMillis()),
                Double.toString(config.backoffMultiplier()), Long.toString(config.maxTtl().toMillis()));
    }

    /**
     * Uses new settings from the next script on: Redis keeps the count, the open deadline and the leases,
     * and each script judges them by the arguments it is sent.
     *
     * @param config the breaker's new settings
     */
    void reconfigure(CircuitBreakerConfig config) {
        this.config = config;
    }

    /**
     * Resets a non-zero count of failures after a success in CLOSED.
     *
     * @param durationNanos how long the call took
     */
    void recordSuccess(long durationNanos) {
        scripts.send(RedisScripts.RECORD_SUCCESS, reply -> {
            if (reply == null) {
                if (fallback.degraded()) {
                    local.circuit().onSuccess(NORMAL_PERMIT, durationNanos); // the reset still counts, locally
                }
                return;
            }
            if (reply.code() == 1) {
                signals.recovered();
            }
            cache.installReply(reply);
        });
    }

    /**
     * Forces a state in Redis whatever its version; the local breaker obeys instead when Redis became unavailable.
     *
     * @param target the state to enter
     */
    void transitionTo(CircuitState target) {
        scripts.send(RedisScripts.TRANSITION, reply -> {
            if (reply != null) {
                cache.installReply(reply);
            } else if (fallback.degraded()) {
                local.circuit().transitionTo(target);
            }
        }, target.name(), "-1", Long.toString(config.ttl().toMillis()));
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
}
