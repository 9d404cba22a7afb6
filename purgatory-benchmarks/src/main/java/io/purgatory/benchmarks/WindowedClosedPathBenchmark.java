package io.purgatory.benchmarks;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitState;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The CLOSED success path when the breaker judges a failure rate over a sliding window — the policy
 * Resilience4j applies by default — on both sides: 50 % of the last 100 calls (count-based) or of
 * the last 60 s (time-based), from 100 calls. {@link #direct()} is the floor. One set of breakers
 * serves all threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class WindowedClosedPathBenchmark {

    /** Work done by each guarded call, in {@code Blackhole.consumeCPU} tokens. */
    @Param("10")
    public long payloadTokens;

    private Supplier<Integer> payload;
    private CircuitBreaker purgatoryCount;
    private CircuitBreaker purgatoryTime;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4jCount;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4jTime;

    /** Builds each contender once per run. */
    @Setup
    public void setUp() {
        long tokens = payloadTokens;
        payload = () -> Payload.work(tokens);
        purgatoryCount = Contenders.purgatoryWindowed(io.purgatory.SlidingWindowType.COUNT_BASED).getBreaker("windowed");
        purgatoryTime = Contenders.purgatoryWindowed(io.purgatory.SlidingWindowType.TIME_BASED).getBreaker("windowed");
        resilience4jCount = Contenders.resilience4jWindowed(SlidingWindowType.COUNT_BASED).circuitBreaker("windowed");
        resilience4jTime = Contenders.resilience4jWindowed(SlidingWindowType.TIME_BASED).circuitBreaker("windowed");
    }

    /** Fails the run if any breaker left CLOSED: the scores would then measure something else. */
    @TearDown
    public void checkStillClosed() {
        if (purgatoryCount.getState() != CircuitState.CLOSED || purgatoryTime.getState() != CircuitState.CLOSED
                || resilience4jCount.getState() != io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED
                || resilience4jTime.getState() != io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED) {
            throw new IllegalStateException("a breaker left CLOSED during the windowed closed-path benchmark");
        }
    }

    /**
     * The floor: the payload called directly.
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer direct() {
        return payload.get();
    }

    /**
     * Purgatory, count-based window of 100 calls.
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer purgatoryCountWindow() {
        return purgatoryCount.get(payload);
    }

    /**
     * Purgatory, time-based window of 60 s in 10 buckets.
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer purgatoryTimeWindow() {
        return purgatoryTime.get(payload);
    }

    /**
     * Resilience4j, count-based window of 100 calls (its default).
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer resilience4jCountWindow() {
        return resilience4jCount.executeSupplier(payload);
    }

    /**
     * Resilience4j, time-based window of 60 s.
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer resilience4jTimeWindow() {
        return resilience4jTime.executeSupplier(payload);
    }
}
