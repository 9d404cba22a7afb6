/**
 * The Redis store: breaker state shared by every instance through atomic Lua scripts, with a local
 * hot path, expiring trial leases, a sliding window shared through periodic flushes of local counts,
 * and a local fallback while Redis is unreachable.
 */
package io.purgatory.autoconfigure.redis;
