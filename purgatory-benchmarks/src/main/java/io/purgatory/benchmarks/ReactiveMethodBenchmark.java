package io.purgatory.benchmarks;

import io.purgatory.benchmarks.spring.SpringApps;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of calling an annotated Spring bean method that returns a Reactor {@code Mono}, circuit
 * CLOSED, and subscribing to it with a minimal subscriber ({@link ValueSubscriber}; the value is
 * ready at subscription): what each aspect adds to one reactive call, from the method call to the
 * value. The body is {@code Mono.fromSupplier(Payload::work)} everywhere; {@link #plain} is the floor.
 * Not {@code block()}: on an unwrapped {@code Mono.fromSupplier} it skips the subscription, which
 * would make the floor unlike every other row.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class ReactiveMethodBenchmark {

    /**
     * The floor: the {@code Mono} of a bean without proxy.
     *
     * @param app the context
     * @return the value
     */
    @Benchmark
    public Integer plain(SpringApps.Plain app) {
        return ValueSubscriber.valueOf(app.service.mono());
    }

    /**
     * A no-op {@code @Around} advice around the method that returns the {@code Mono}.
     *
     * @param app the context
     * @return the value
     */
    @Benchmark
    public Integer noOpAround(SpringApps.NoOpAround app) {
        return ValueSubscriber.valueOf(app.service.mono());
    }

    /**
     * A no-op {@code MethodInterceptor} advisor: the floor of the kind of advice Purgatory's starter registers.
     *
     * @param app the context
     * @return the method's value
     */
    @Benchmark
    public Integer noOpInterceptor(SpringApps.NoOpInterceptor app) {
        return ValueSubscriber.valueOf(app.service.mono());
    }

    /**
     * Purgatory's {@code @CircuitBreaker}: permission at subscription, outcome from the signals.
     *
     * @param app the context
     * @return the value
     */
    @Benchmark
    public Integer purgatory(SpringApps.Purgatory app) {
        return ValueSubscriber.valueOf(app.service.mono());
    }

    /**
     * Resilience4j's {@code @CircuitBreaker} with resilience4j-reactor's {@code CircuitBreakerOperator}.
     *
     * @param app the context
     * @return the value
     */
    @Benchmark
    public Integer resilience4j(SpringApps.Resilience4j app) {
        return ValueSubscriber.valueOf(app.service.mono());
    }
}
