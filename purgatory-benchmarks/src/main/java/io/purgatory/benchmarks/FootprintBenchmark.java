package io.purgatory.benchmarks;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.purgatory.CircuitBreakerFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of creating breakers: each invocation registers {@value #BREAKERS} new names in an empty
 * factory or registry, and the score is the time per breaker. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the memory allocated per breaker (an upper bound of what it
 * keeps; {@link Footprint} measures what it keeps).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(FootprintBenchmark.BREAKERS)
public class FootprintBenchmark {

    /** Breakers created per invocation. */
    static final int BREAKERS = 100_000;

    private String[] names;
    private CircuitBreakerFactory purgatory;
    private CircuitBreakerRegistry resilience4jDefault;
    private CircuitBreakerRegistry resilience4jComparable;

    /** Makes the names once, so that building them is not measured. */
    @Setup(Level.Trial)
    public void makeNames() {
        names = Footprint.names(BREAKERS);
    }

    /** Starts each invocation from empty containers. */
    @Setup(Level.Invocation)
    public void emptyContainers() {
        purgatory = Contenders.purgatory();
        resilience4jDefault = Contenders.resilience4jDefault();
        resilience4jComparable = Contenders.resilience4jComparable();
    }

    /**
     * Creates the breakers through {@code CircuitBreakerFactory.getBreaker}.
     *
     * @return the filled factory
     */
    @Benchmark
    public Object purgatory() {
        for (String name : names) {
            purgatory.getBreaker(name);
        }
        return purgatory;
    }

    /**
     * Creates the breakers through a Resilience4j registry with its defaults.
     *
     * @return the filled registry
     */
    @Benchmark
    public Object resilience4jDefault() {
        for (String name : names) {
            resilience4jDefault.circuitBreaker(name);
        }
        return resilience4jDefault;
    }

    /**
     * Creates the breakers through a Resilience4j registry configured like Purgatory.
     *
     * @return the filled registry
     */
    @Benchmark
    public Object resilience4jComparable() {
        for (String name : names) {
            resilience4jComparable.circuitBreaker(name);
        }
        return resilience4jComparable;
    }
}
