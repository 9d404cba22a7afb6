package io.purgatory.benchmarks;

import io.purgatory.benchmarks.spring.StoreApps;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of a successful call through a CLOSED breaker whose state lives in Redis, against the
 * same call with Purgatory's in-memory store: {@code breaker.get(payload)} on the breaker of a Spring
 * context built by each store's auto-configuration (see {@link StoreApps}). The Redis store decides
 * calls from a cached snapshot and talks to Redis only from its background thread, so the call
 * itself should send no command; the Redis state prints, per iteration, the commands per second the
 * server ran and the calls per command (lines marked {@value StoreApps#REPORT_MARK}).
 *
 * <p>The Redis server is private to the run: started by the state on a free loopback port, shut down
 * after it. Each method starts only its own store's context, so the in-memory fork starts no server.
 * {@link RedisClosedPathContendedBenchmark} runs the same methods on two threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class RedisClosedPathBenchmark {

    private static final Supplier<Integer> PAYLOAD = Payload::work;

    /**
     * The baseline: Purgatory's default in-memory store.
     *
     * @param app the context
     * @return the payload's value
     */
    @Benchmark
    public Integer inMemoryGet(StoreApps.InMemory app) {
        return app.breaker.get(PAYLOAD);
    }

    /**
     * The Redis store, default settings, against the private server.
     *
     * @param app the server and the context
     * @return the payload's value
     */
    @Benchmark
    public Integer redisGet(StoreApps.Redis app) {
        return app.breaker.get(PAYLOAD);
    }
}
