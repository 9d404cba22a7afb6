package io.purgatory.benchmarks.spring;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import java.time.Duration;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The JMH states of the Spring benchmarks, one per contender: each starts its context (see
 * {@link BenchmarkContexts}) before a run and closes it after. A benchmark method names the state
 * it calls, so a fork starts only that contender's context. Each breaker-backed state opens
 * {@link BenchmarkContexts#OPEN_CIRCUIT} for an hour and, at the end, fails the run if a circuit
 * left the state its benchmark measures. Not thread-safe to set up; the services are.
 */
public final class SpringApps {

    private static final Duration OPEN_FOR = Duration.ofHours(1);

    private SpringApps() {
    }

    /** A context whose service no aspect advises. */
    @State(Scope.Benchmark)
    public static class Plain {
        private ConfigurableApplicationContext context;
        /** The unadvised service. */
        public PlainService service;

        /** Starts the context. */
        @Setup
        public void start() {
            context = BenchmarkContexts.plain();
            service = context.getBean(PlainService.class);
        }

        /** Closes the context. */
        @TearDown
        public void close() {
            context.close();
        }
    }

    /** A context whose service a no-op AspectJ {@code @Around} advice advises. */
    @State(Scope.Benchmark)
    public static class NoOpAround {
        private ConfigurableApplicationContext context;
        /** The service, proxied. */
        public NoOpAdvisedService service;

        /** Starts the context. */
        @Setup
        public void start() {
            context = BenchmarkContexts.noOpAround();
            service = context.getBean(NoOpAdvisedService.class);
        }

        /** Closes the context. */
        @TearDown
        public void close() {
            context.close();
        }
    }

    /** A context whose service a no-op {@code MethodInterceptor} advisor advises (the kind of advice Purgatory's is). */
    @State(Scope.Benchmark)
    public static class NoOpInterceptor {
        private ConfigurableApplicationContext context;
        /** The service, proxied. */
        public NoOpAdvisedService service;

        /** Starts the context. */
        @Setup
        public void start() {
            context = BenchmarkContexts.noOpInterceptor();
            service = context.getBean(NoOpAdvisedService.class);
        }

        /** Closes the context. */
        @TearDown
        public void close() {
            context.close();
        }
    }

    /** A context with Purgatory's starter, calls not timed (Purgatory's default). */
    @State(Scope.Benchmark)
    public static class Purgatory {
        private ConfigurableApplicationContext context;
        private CircuitBreakerFactory factory;
        /** The service, proxied. */
        public PurgatoryService service;

        /** Starts the context and opens the rejection circuit. */
        @Setup
        public void start() {
            context = BenchmarkContexts.purgatory(recordCallDurations());
            service = context.getBean(PurgatoryService.class);
            factory = context.getBean(CircuitBreakerFactory.class);
            factory.getBreaker(BenchmarkContexts.OPEN_CIRCUIT).open();
        }

        /**
         * Whether this context's breakers time their calls.
         *
         * @return {@code false}: Purgatory's default
         */
        protected boolean recordCallDurations() {
            return false;
        }

        /** Checks the circuits and closes the context. */
        @TearDown
        public void close() {
            try {
                for (var breaker : factory.getBreakers()) {
                    CircuitState expected = breaker.getName().equals(BenchmarkContexts.OPEN_CIRCUIT)
                            ? CircuitState.OPEN : CircuitState.CLOSED;
                    if (breaker.getState() != expected) {
                        throw new IllegalStateException(breaker + " left " + expected + " during the run");
                    }
                }
            } finally {
                context.close();
            }
        }
    }

    /** A context with Purgatory's starter, calls timed (what the starter does when Micrometer meters are bound). */
    @State(Scope.Benchmark)
    public static class PurgatoryTimed extends Purgatory {

        @Override
        protected boolean recordCallDurations() {
            return true;
        }
    }

    /** A context with Resilience4j's starter and its defaults (stack traces on rejections included). */
    @State(Scope.Benchmark)
    public static class Resilience4j {
        private ConfigurableApplicationContext context;
        private CircuitBreakerRegistry registry;
        /** The service, proxied. */
        public Resilience4jService service;

        /** Starts the context and opens the rejection circuit. */
        @Setup
        public void start() {
            context = BenchmarkContexts.resilience4j();
            service = context.getBean(Resilience4jService.class);
            registry = context.getBean(CircuitBreakerRegistry.class);
            registry.circuitBreaker(BenchmarkContexts.OPEN_CIRCUIT).transitionToOpenStateFor(OPEN_FOR);
        }

        /** Checks the circuits and closes the context. */
        @TearDown
        public void close() {
            try {
                for (var breaker : registry.getAllCircuitBreakers()) {
                    var expected = breaker.getName().equals(BenchmarkContexts.OPEN_CIRCUIT)
                            ? io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN
                            : io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED;
                    if (breaker.getState() != expected) {
                        throw new IllegalStateException(breaker + " left " + expected + " during the run");
                    }
                }
            } finally {
                context.close();
            }
        }
    }
}
