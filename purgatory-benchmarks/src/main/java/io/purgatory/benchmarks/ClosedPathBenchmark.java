package io.purgatory.benchmarks;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitPermits;
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
 * The cost of a successful call through a CLOSED breaker, the path almost every call takes, on one
 * thread. {@link #direct()} is the floor: the same payload without any breaker. Every thread of a
 * run shares the same breakers, as the threads of an application share one per dependency;
 * {@link ClosedPathContendedBenchmark} runs the same methods on two threads.
 *
 * <p>Each JMH thread has its own instance of this class only as far as JMH requires: the state
 * is {@link Scope#Benchmark}, so one set of breakers serves all threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class ClosedPathBenchmark {

    /** Work done by each guarded call, in {@code Blackhole.consumeCPU} tokens. */
    @Param("10")
    public long payloadTokens;

    private Supplier<Integer> payload;
    private CircuitBreaker purgatory;
    private Supplier<Integer> purgatoryDecorated;
    private CircuitBreaker purgatoryTimed;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4jDefault;
    private Supplier<Integer> resilience4jDefaultDecorated;
    private io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4jComparable;

    /** Builds each contender once per run. */
    @Setup
    public void setUp() {
        long tokens = payloadTokens;
        payload = () -> Payload.work(tokens);
        purgatory = Contenders.purgatory().getBreaker("closed-path");
        purgatoryDecorated = purgatory.decorateSupplier(payload);
        purgatoryTimed = Contenders.purgatoryTimed().getBreaker("closed-path");
        resilience4jDefault = Contenders.resilience4jDefault().circuitBreaker("closed-path");
        resilience4jDefaultDecorated = resilience4jDefault.decorateSupplier(payload);
        resilience4jComparable = Contenders.resilience4jComparable().circuitBreaker("closed-path");
    }

    /** Fails the run if any breaker left CLOSED: the scores would then measure something else. */
    @TearDown
    public void checkStillClosed() {
        if (purgatory.getState() != CircuitState.CLOSED
                || purgatoryTimed.getState() != CircuitState.CLOSED
                || resilience4jDefault.getState() != io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED
                || resilience4jComparable.getState() != io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED) {
            throw new IllegalStateException("a breaker left CLOSED during the closed-path benchmark");
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
     * Purgatory's everyday form, {@code breaker.get(supplier)}, calls not timed (its default).
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer purgatoryGet() {
        return purgatory.get(payload);
    }

    /**
     * Purgatory's {@code get} with calls timed ({@code recordCallDurations(true)}: two clock reads per
     * call, as with Micrometer meters bound and as Resilience4j always does).
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer purgatoryGetTimed() {
        return purgatoryTimed.get(payload);
    }

    /**
     * Purgatory's decorator form, a supplier decorated once and called many times.
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer purgatoryDecorated() {
        return purgatoryDecorated.get();
    }

    /**
     * Purgatory's low-level permit API, as the Spring aspect and reactive operators use it.
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer purgatoryPermit() {
        CircuitPermits permits = purgatory.permits(); // once per call, as the documented use and the advice do
        long permit = permits.tryAcquire();
        if (permit == CircuitPermits.REJECTED) {
            throw permits.openException();
        }
        long start = permits.callStart();
        Integer result;
        try {
            result = payload.get();
        } catch (RuntimeException failure) {
            permits.onError(permit, start, failure);
            throw failure;
        }
        permits.onSuccess(permit, start);
        return result;
    }

    /**
     * Resilience4j with its defaults, {@code executeSupplier}.
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer resilience4jDefault() {
        return resilience4jDefault.executeSupplier(payload);
    }

    /**
     * Resilience4j with its defaults, a supplier decorated once and called many times.
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer resilience4jDefaultDecorated() {
        return resilience4jDefaultDecorated.get();
    }

    /**
     * Resilience4j configured like Purgatory (see {@link Contenders}), {@code executeSupplier}.
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer resilience4jComparable() {
        return resilience4jComparable.executeSupplier(payload);
    }
}
