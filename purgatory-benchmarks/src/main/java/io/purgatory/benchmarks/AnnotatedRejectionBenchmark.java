package io.purgatory.benchmarks;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.purgatory.CircuitOpenException;
import io.purgatory.benchmarks.spring.SpringApps;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of calling an annotated Spring bean method whose circuit is OPEN: the aspect rejects the
 * call and the caller catches the exception, which escapes to JMH so that its allocation is real.
 * Both contenders with their defaults: Purgatory's {@link CircuitOpenException} has no stack trace;
 * Resilience4j's {@link CallNotPermittedException} fills one in, as deep as the proxy's call stack.
 * The circuits open for an hour; the states' tear-down fails the run if one left OPEN.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class AnnotatedRejectionBenchmark {

    /**
     * Purgatory's {@code @CircuitBreaker} rejecting the call.
     *
     * @param app the context
     * @return the exception (or the value, which would be a bug)
     */
    @Benchmark
    public Object purgatory(SpringApps.Purgatory app) {
        try {
            return app.service.workWhileOpen();
        } catch (CircuitOpenException rejected) {
            return rejected;
        }
    }

    /**
     * Resilience4j's {@code @CircuitBreaker} rejecting the call, with its default stack traces.
     *
     * @param app the context
     * @return the exception (or the value, which would be a bug)
     */
    @Benchmark
    public Object resilience4j(SpringApps.Resilience4j app) {
        try {
            return app.service.workWhileOpen();
        } catch (CallNotPermittedException rejected) {
            return rejected;
        }
    }
}
