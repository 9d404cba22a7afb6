/**
 * The Redis store: breaker state shared by every instance through atomic Lua scripts, with a local
 * hot path, expiring trial leases, a sliding window shared through periodic flushes of local counts,
 * and a local fallback while Redis is unreachable.
 *
 * <p>Store-wide: {@link io.purgatory.autoconfigure.redis.RedisCircuitStore} attaches circuits and owns
 * the {@link io.purgatory.autoconfigure.redis.ScriptRunner}, the
 * {@link io.purgatory.autoconfigure.redis.StoreHealth} and the one background
 * {@link io.purgatory.autoconfigure.redis.SnapshotRefresher}. Per circuit:
 * {@link io.purgatory.autoconfigure.redis.RedisCircuit} answers calls from its
 * {@link io.purgatory.autoconfigure.redis.SnapshotCache};
 * {@link io.purgatory.autoconfigure.redis.SharedChanges} and
 * {@link io.purgatory.autoconfigure.redis.SharedTrials} send state changes through
 * {@link io.purgatory.autoconfigure.redis.CircuitScripts}; the
 * {@link io.purgatory.autoconfigure.redis.FallbackSwitch} hands calls to the
 * {@link io.purgatory.autoconfigure.redis.LocalFallback} while Redis is unavailable.
 */
package io.purgatory.autoconfigure.redis;
