/**
 * The private {@code redis-server} of the Redis-store benchmarks: where its binary comes from
 * ({@link io.purgatory.benchmarks.redis.RedisServerBinary}), starting, counting its commands and stopping
 * it ({@link io.purgatory.benchmarks.redis.RedisServerProcess}), and the few commands that takes
 * ({@link io.purgatory.benchmarks.redis.RespClient}). Every server is started by the benchmark on a
 * free loopback port and shut down after it; no other Redis is ever contacted.
 */
package io.purgatory.benchmarks.redis;
