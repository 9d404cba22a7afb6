/**
 * The Redis store: breaker state shared by every instance through atomic Lua scripts, with a local
 * hot path, expiring trial leases, a sliding window shared through periodic flushes of local counts,
 * and a local fallback while Redis is unreachable.
 *
 * <p>Store-wide: {@link io.purgatory.redis.RedisCircuitStore} attaches circuits and owns
 * the {@link io.purgatory.redis.ScriptRunner}, the
 * {@link io.purgatory.redis.StoreHealth} and the one background
 * {@link io.purgatory.redis.SnapshotRefresher}. Per circuit:
 * {@link io.purgatory.redis.RedisCircuit} answers calls from its
 * {@link io.purgatory.redis.SnapshotCache};
 * {@link io.purgatory.redis.SharedChanges} and
 * {@link io.purgatory.redis.SharedTrials} send state changes through
 * {@link io.purgatory.redis.CircuitScripts}; the
 * {@link io.purgatory.redis.FallbackSwitch} hands calls to the
 * {@link io.purgatory.redis.LocalFallback} while Redis is unavailable.
 */
package io.purgatory.redis;
