package io.purgatory.benchmarks;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of a call rejected by an OPEN circuit: what a failing dependency costs its callers
 * once the breaker has done its job. The exception is caught and handed to JMH, as a caller
 * would handle it; so it escapes and its allocation is real.
 *
 * <p>The circuits open for an hour, so that no run is long enough to reach HALF_OPEN; the
 * tear-down fails the run if one did.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class RejectionBenchmark {

    private static final Duration OPEN_FOR = Duration.ofHours(1);

    private final Supplier<Integer> payload = () -> Payload.work(10);
    private CircuitBreaker purgatory;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4jDefault;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4jNoStackTrace;

    /** Builds each contender and opens its circuit. */
    @Setup
    public void setUp() {
        purgatory = Contenders.purgatory(OPEN_FOR).getBreaker("rejection");
        purgatory.open();
        resilience4jDefault = openedFor(CircuitBreakerRegistry.ofDefaults());
        resilience4jNoStackTrace = openedFor(Contenders.resilience4jComparable(false));
    }

    private static io.github.resilience4j.circuitbreaker.CircuitBreaker openedFor(CircuitBreakerRegistry registry) {
        io.github.resilience4j.circuitbreaker.CircuitBreaker breaker = registry.circuitBreaker("rejection");
        breaker.transitionToOpenStateFor(OPEN_FOR);
        return breaker;
    }

    /** Fails the run if any circuit left OPEN: the scores would then measure something else. */
    @TearDown
    public void checkStillOpen() {
        if (purgatory.getState() != CircuitState.OPEN
                || resilience4jDefault.getState() != io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN
                || resilience4jNoStackTrace.getState() != io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN) {
            throw new IllegalStateException("a circuit left OPEN during the rejection benchmark");
        }
    }

    /**
     * Purgatory's {@code get}: throws {@link CircuitOpenException}, which has no stack trace by design.
     *
     * @return the exception (or the value, which would be a bug)
     */
    @Benchmark
    public Object purgatoryGet() {
        try {
            return purgatory.get(payload);
        } catch (CircuitOpenException rejected) {
            return rejected;
        }
    }

    /**
     * Purgatory's low-level permit API: a rejection is a return value, no exception is built.
     *
     * @return {@link io.purgatory.CircuitPermits#REJECTED}
     */
    @Benchmark
    public long purgatoryPermit() {
        return purgatory.permits().tryAcquire();
    }

    /**
     * Resilience4j with its defaults: {@link CallNotPermittedException} with a filled-in stack trace.
     *
     * @return the exception (or the value, which would be a bug)
     */
    @Benchmark
    public Object resilience4jDefault() {
        try {
            return resilience4jDefault.executeSupplier(payload);
        } catch (CallNotPermittedException rejected) {
            return rejected;
        }
    }

    /**
     * Resilience4j with {@code writableStackTraceEnabled(false)} (the comparable configuration).
     *
     * @return the exception (or the value, which would be a bug)
     */
    @Benchmark
    public Object resilience4jNoStackTrace() {
        try {
            return resilience4jNoStackTrace.executeSupplier(payload);
        } catch (CallNotPermittedException rejected) {
            return rejected;
        }
    }

    /**
     * Resilience4j's low-level {@code tryAcquirePermission()}: a rejection is {@code false}.
     *
     * @return {@code false}
     */
    @Benchmark
    public boolean resilience4jPermit() {
        return resilience4jNoStackTrace.tryAcquirePermission();
    }
}
