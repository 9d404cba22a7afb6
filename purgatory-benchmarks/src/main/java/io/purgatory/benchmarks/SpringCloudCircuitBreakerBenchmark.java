package io.purgatory.benchmarks;

import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.springcloud.PurgatorySpringCloudAutoConfiguration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JAutoConfiguration;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

/**
 * A call through Spring Cloud CircuitBreaker, circuit CLOSED, the way OpenFeign makes it:
 * {@code CircuitBreakerFactory#create(id).run(supplier, fallback)} on every call, with the same body
 * ({@link Payload#work()}). Each contender's factory comes from its own auto-configuration in its own context:
 * Purgatory's ({@code purgatory-spring-cloud-circuitbreaker}) and {@code spring-cloud-circuitbreaker-resilience4j},
 * the latter both with its default time limiter (each call runs on an executor thread, bounded by 1 s) and with
 * {@code spring.cloud.circuitbreaker.resilience4j.disable-time-limiter=true} (the call runs on the caller's thread, as
 * Purgatory's does), its registries from {@code resilience4j-spring-boot3} as its starter brings them; its bulkhead
 * wrapping is off ({@code spring.cloud.circuitbreaker.bulkhead.resilience4j.enabled=false}).
 * No Actuator or Micrometer in either context.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class SpringCloudCircuitBreakerBenchmark {

    private static final String ID = "spring-cloud";
    /** Spring Cloud's bulkhead wrapping needs registries that only its starter's context has; a plain breaker has none. */
    private static final String NO_BULKHEAD = "spring.cloud.circuitbreaker.bulkhead.resilience4j.enabled";
    private static final Supplier<Integer> BODY = Payload::work;
    private static final Function<Throwable, Integer> FALLBACK = failure -> -1;

    /**
     * Purgatory's factory.
     *
     * @param app the context
     * @return the body's value
     */
    @Benchmark
    public Integer purgatory(PurgatoryApp app) {
        return app.factory.create(ID).run(BODY, FALLBACK);
    }

    /**
     * Resilience4j's factory with Spring Cloud's defaults (time limiter on).
     *
     * @param app the context
     * @return the body's value
     */
    @Benchmark
    public Integer resilience4j(Resilience4jApp app) {
        return app.factory.create(ID).run(BODY, FALLBACK);
    }

    /**
     * Resilience4j's factory with the time limiter disabled.
     *
     * @param app the context
     * @return the body's value
     */
    @Benchmark
    public Integer resilience4jWithoutTimeLimiter(Resilience4jNoTimeLimiterApp app) {
        return app.factory.create(ID).run(BODY, FALLBACK);
    }

    /** One contender's started context and its Spring Cloud factory. */
    @State(Scope.Benchmark)
    public abstract static class App {
        ConfigurableApplicationContext context;
        @SuppressWarnings("rawtypes")
        CircuitBreakerFactory factory;

        abstract Map<String, Object> properties();

        abstract Class<?> configuration();

        /** Starts the context. */
        @Setup(Level.Trial)
        public void start() {
            AnnotationConfigApplicationContext started = new AnnotationConfigApplicationContext();
            started.getEnvironment().getPropertySources().addFirst(new MapPropertySource("benchmark", properties()));
            started.register(configuration());
            started.refresh();
            context = started;
            factory = started.getBean(CircuitBreakerFactory.class);
        }

        /** Closes the context. */
        @TearDown(Level.Trial)
        public void stop() {
            context.close();
        }
    }

    /** Purgatory's auto-configurations. */
    public static class PurgatoryApp extends App {
        @Override
        Map<String, Object> properties() {
            return Map.of();
        }

        @Override
        Class<?> configuration() {
            return PurgatoryConfiguration.class;
        }
    }

    /** Resilience4j's Spring Cloud auto-configuration, Spring Cloud's defaults. */
    public static class Resilience4jApp extends App {
        @Override
        Map<String, Object> properties() {
            return Map.of(NO_BULKHEAD, "false");
        }

        @Override
        Class<?> configuration() {
            return Resilience4jConfiguration.class;
        }
    }

    /** Resilience4j's Spring Cloud auto-configuration without its time limiter. */
    public static class Resilience4jNoTimeLimiterApp extends App {
        @Override
        Map<String, Object> properties() {
            return Map.of(NO_BULKHEAD, "false", "spring.cloud.circuitbreaker.resilience4j.disable-time-limiter", "true");
        }

        @Override
        Class<?> configuration() {
            return Resilience4jConfiguration.class;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ PurgatoryAutoConfiguration.class, PurgatorySpringCloudAutoConfiguration.class })
    static class PurgatoryConfiguration {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ CircuitBreakerAutoConfiguration.class, TimeLimiterAutoConfiguration.class,
            Resilience4JAutoConfiguration.class })
    static class Resilience4jConfiguration {
    }
}
