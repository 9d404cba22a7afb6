package io.purgatory.benchmarks.spring;

import io.purgatory.CallOutcome;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import io.purgatory.redis.RedisCircuitStore;
import io.purgatory.benchmarks.redis.RedisServerProcess;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The JMH states of the store benchmarks: a context with Purgatory's in-memory store, and one with
 * its Redis store against a private {@code redis-server} that the state starts and stops. Each
 * exposes the breaker of {@link BenchmarkContexts#CLOSED_CIRCUIT} and, at the end, fails the run if
 * that circuit left CLOSED. The Redis state also counts the commands the server ran during each
 * iteration and prints them. Not thread-safe to set up; the breakers are.
 */
public final class StoreApps {

    /** Marks the lines that report Redis commands, for grep. */
    public static final String REPORT_MARK = "[redis-commands]";

    private StoreApps() {
    }

    private static void checkClosed(CircuitBreaker breaker, String expectedStore) {
        if (!breaker.getStoreType().equals(expectedStore)) {
            throw new IllegalStateException(breaker + " uses the store '" + breaker.getStoreType() + "', not '"
                    + expectedStore + "'");
        }
        if (breaker.getState() != CircuitState.CLOSED) {
            throw new IllegalStateException(breaker + " left CLOSED during the run");
        }
    }

    /** A context with Purgatory's starter and its default in-memory store. */
    @State(Scope.Benchmark)
    public static class InMemory {
        private ConfigurableApplicationContext context;
        /** The CLOSED circuit's breaker. */
        public CircuitBreaker breaker;

        /** Starts the context. */
        @Setup
        public void start() {
            context = BenchmarkContexts.purgatoryInMemoryStore();
            breaker = context.getBean(CircuitBreakerFactory.class).getBreaker(BenchmarkContexts.CLOSED_CIRCUIT);
            checkClosed(breaker, "memory");
        }

        /** Checks the circuit and closes the context. */
        @TearDown
        public void close() {
            try {
                checkClosed(breaker, "memory");
            } finally {
                context.close();
            }
        }
    }

    /**
     * A private {@code redis-server} and a context with Purgatory's starter and its Redis store
     * pointed at it, every store setting at its default.
     */
    @State(Scope.Benchmark)
    public static class Redis {
        private RedisServerProcess server;
        private ConfigurableApplicationContext context;
        private RedisCircuitStore store;
        /** The CLOSED circuit's breaker. */
        public CircuitBreaker breaker;

        private long commandsBefore;
        private long callsBefore;
        private long nanosBefore;
        private long measuredCommands;
        private long measuredCalls;
        private long measuredNanos;
        private final Map<String, Long> measuredByCommand = new TreeMap<>();
        private Map<String, Long> byCommandBefore = Map.of();

        /** Starts the server and the context; the breaker adopts the circuit's shared state. */
        @Setup
        public void start() {
            server = RedisServerProcess.start();
            try {
                context = BenchmarkContexts.purgatoryRedisStore(server.port());
                store = context.getBean(RedisCircuitStore.class);
                breaker = context.getBean(CircuitBreakerFactory.class).getBreaker(BenchmarkContexts.CLOSED_CIRCUIT);
                checkClosed(breaker, RedisCircuitStore.TYPE);
                checkConnected();
            } catch (RuntimeException failed) {
                stop();
                throw failed;
            }
            System.out.println(System.lineSeparator() + REPORT_MARK + " redis-server " + server.describe() + " on 127.0.0.1:" + server.port());
        }

        /** Notes the server's command count, the breaker's call count and the time before an iteration. */
        @Setup(Level.Iteration)
        public void beforeIteration() {
            byCommandBefore = server.commandCalls();
            commandsBefore = sum(byCommandBefore);
            callsBefore = calls();
            nanosBefore = System.nanoTime();
        }

        /**
         * Prints the commands the iteration caused, per second and per call.
         *
         * @param iteration the iteration's parameters (warm-up or measurement)
         */
        @TearDown(Level.Iteration)
        public void afterIteration(IterationParams iteration) {
            long nanos = System.nanoTime() - nanosBefore;
            long calls = calls() - callsBefore;
            Map<String, Long> byCommand = server.commandCalls();
            long commands = sum(byCommand) - commandsBefore;
            boolean measured = iteration.getType() == IterationType.MEASUREMENT;
            if (measured) {
                measuredCommands += commands;
                measuredCalls += calls;
                measuredNanos += nanos;
                byCommand.forEach((name, count) ->
                        measuredByCommand.merge(name, count - byCommandBefore.getOrDefault(name, 0L), Long::sum));
            }
            // JMH has already printed "Iteration N: " without a line end: start a line of our own.
            System.out.println(System.lineSeparator() + REPORT_MARK + " " + (measured ? "measurement" : "warm-up") + " iteration: "
                    + report(commands, calls, nanos));
        }

        /** Prints the measurement's totals, checks the circuit and the connection, closes the context and stops the server. */
        @TearDown
        public void close() {
            try {
                if (measuredNanos > 0) {
                    measuredByCommand.values().removeIf(count -> count == 0);
                    System.out.println(REPORT_MARK + " all measurement iterations: "
                            + report(measuredCommands, measuredCalls, measuredNanos) + "; by command " + measuredByCommand);
                }
                checkClosed(breaker, RedisCircuitStore.TYPE);
                checkConnected();
            } finally {
                stop();
            }
        }

        /** The scores would measure the local fallback, not the Redis store, if Redis had been unavailable. */
        private void checkConnected() {
            if (store.isDegraded() || store.degradedEpisodes() > 0) {
                throw new IllegalStateException(store + " lost Redis during the run (" + store.degradedEpisodes()
                        + " degraded episodes): the scores would be the local fallback's");
            }
        }

        private long calls() {
            return breaker.getStatistics().count(CallOutcome.SUCCESS);
        }

        private static long sum(Map<String, Long> byCommand) {
            return byCommand.values().stream().mapToLong(Long::longValue).sum();
        }

        private static String report(long commands, long calls, long nanos) {
            double seconds = nanos / 1e9;
            String perCommand = commands == 0 ? "no command at all"
                    : String.format(Locale.ROOT, "%,.0f calls per command", (double) calls / commands);
            return String.format(Locale.ROOT, "%,d commands in %.3f s = %.1f commands/s caused; %,d calls = %s",
                    commands, seconds, commands / seconds, calls, perCommand);
        }

        private void stop() {
            try {
                if (context != null) {
                    context.close();
                }
            } finally {
                server.close();
            }
        }
    }
}
