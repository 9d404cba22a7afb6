package io.purgatory.benchmarks;

import io.purgatory.benchmarks.spring.SpringApps;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of calling an annotated method of a Spring bean through each aspect, circuit CLOSED: the
 * same method body ({@link Payload#work()}) in a bean that no aspect advises ({@link #plain}, the
 * floor), behind a no-op AspectJ {@code @Around} advice ({@link #noOpAround}, the floor of
 * AspectJ-style aspects), behind a no-op {@code MethodInterceptor} advisor ({@link #noOpInterceptor},
 * the floor of the kind of advice Purgatory's is), behind Purgatory's {@code @CircuitBreaker} (calls untimed, its default,
 * and timed, as with Micrometer) and behind Resilience4j's. Each method starts only its own
 * contender's context (see {@link io.purgatory.benchmarks.spring.BenchmarkContexts}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class AnnotatedMethodBenchmark {

    /**
     * The floor: the method of a bean without proxy.
     *
     * @param app the context
     * @return the method's value
     */
    @Benchmark
    public Integer plain(SpringApps.Plain app) {
        return app.service.work();
    }

    /**
     * A no-op {@code @Around} advice: the floor of any AspectJ-style aspect.
     *
     * @param app the context
     * @return the method's value
     */
    @Benchmark
    public Integer noOpAround(SpringApps.NoOpAround app) {
        return app.service.work();
    }

    /**
     * A no-op {@code MethodInterceptor} advisor: the floor of the kind of advice Purgatory's starter registers.
     *
     * @param app the context
     * @return the method's value
     */
    @Benchmark
    public Integer noOpInterceptor(SpringApps.NoOpInterceptor app) {
        return app.service.work();
    }

    /**
     * Purgatory's {@code @CircuitBreaker}, calls not timed (its default).
     *
     * @param app the context
     * @return the method's value
     */
    @Benchmark
    public Integer purgatory(SpringApps.Purgatory app) {
        return app.service.work();
    }

    /**
     * Purgatory's {@code @CircuitBreaker}, calls timed (what the starter does when Micrometer meters are bound).
     *
     * @param app the context
     * @return the method's value
     */
    @Benchmark
    public Integer purgatoryTimed(SpringApps.PurgatoryTimed app) {
        return app.service.work();
    }

    /**
     * Resilience4j's {@code @CircuitBreaker} with its defaults (it always times calls).
     *
     * @param app the context
     * @return the method's value
     */
    @Benchmark
    public Integer resilience4j(SpringApps.Resilience4j app) {
        return app.service.work();
    }
}
