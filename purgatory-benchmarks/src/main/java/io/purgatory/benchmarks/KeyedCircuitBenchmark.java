package io.purgatory.benchmarks;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitBreakerGroup;
import io.purgatory.benchmarks.spring.SpringApps;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * The cost of a keyed call in CLOSED against a plain breaker's, in one run: the core's
 * {@code group.breaker(key).get(...)} over {@value #KEYS} existing keys (one map lookup more than
 * {@link #plainGet}), through the factory ({@code getBreaker(group, key)}: the group's lookup too), the
 * key's SpEL evaluation alone (as the starter's {@code KeyExpression} does it: a
 * {@code MethodBasedEvaluationContext} per call, the expression parsed once, compiled in MIXED mode), and
 * the annotated method without a key, with a bare-parameter key (read without SpEL) and with a key that
 * SpEL evaluates. Not thread-safe state per thread; one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class KeyedCircuitBenchmark {

    static final int KEYS = 1024;

    private Supplier<Integer> payload;
    private CircuitBreakerFactory factory;
    private CircuitBreaker plain;
    private CircuitBreakerGroup group;
    private String[] keys;
    private int next;
    private Expression keyExpression;
    private Method keyedMethod;
    private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

    /** Builds the breakers, creates every key's circuit, and parses the key expression. */
    @Setup
    public void setUp() throws NoSuchMethodException {
        payload = Payload::work;
        factory = Contenders.purgatory();
        plain = factory.getBreaker("plain");
        group = factory.getGroup("payments");
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "merchant-" + i;
            group.breaker(keys[i]);
        }
        keyExpression = new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED,
                KeyedCircuitBenchmark.class.getClassLoader())).parseExpression("#merchant");
        keyedMethod = io.purgatory.benchmarks.spring.PurgatoryService.class.getMethod("workFor", String.class);
    }

    private String nextKey() {
        return keys[next++ & (KEYS - 1)];
    }

    /**
     * The floor of the comparison: a plain breaker held by the caller, the key picked as in the keyed rows.
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer plainGet() {
        nextKey(); // the same key rotation as the keyed rows, so that the difference is the lookup alone
        return plain.get(payload);
    }

    /**
     * A keyed call through the group: one map lookup, then the key's circuit.
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer keyedGet() {
        return group.breaker(nextKey()).get(payload);
    }

    /**
     * A keyed call through the factory: the group's lookup and the key's.
     *
     * @return the payload's value
     */
    @Benchmark
    public Integer factoryKeyedGet() {
        return factory.getBreaker("payments", nextKey()).get(payload);
    }

    /**
     * The key's SpEL evaluation alone, as the starter does it per call.
     *
     * @return the key
     */
    @Benchmark
    public Object spelKey() {
        return keyExpression.getValue(new MethodBasedEvaluationContext(null, keyedMethod, new Object[] {nextKey()},
                parameterNames));
    }

    /**
     * The annotated method without a key, for the keyed row below.
     *
     * @param app the context
     * @return the method's value
     */
    @Benchmark
    public Integer annotatedPlain(SpringApps.Purgatory app) {
        nextKey();
        return app.service.work();
    }

    /**
     * The annotated method with {@code key = "#merchant.toString()"}: a SpEL evaluation per call, the lookup
     * and the call.
     *
     * @param app the context
     * @return the method's value
     */
    @Benchmark
    public Integer annotatedKeyedSpel(SpringApps.Purgatory app) {
        return app.service.workForSpel(nextKey());
    }

    /**
     * The annotated method with {@code key = "#merchant"}: a bare parameter, read without SpEL, the lookup
     * and the call.
     *
     * @param app the context
     * @return the method's value
     */
    @Benchmark
    public Integer annotatedKeyed(SpringApps.Purgatory app) {
        return app.service.workFor(nextKey());
    }
}
