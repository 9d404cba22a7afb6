package io.purgatory.benchmarks.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import io.purgatory.redis.BreakerConnection;
import io.purgatory.redis.RedisCircuitStore;
import io.purgatory.redis.RedisStoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * What one Redis sees from a fleet sharing breaker state: a documented harness, not a JMH benchmark
 * (docs/redis.md, "Fleet load"). It simulates {@code instances} application instances in one JVM,
 * each with its own {@link RedisCircuitStore}, connection and breaker factory (sharing Lettuce's event
 * loops, as nothing on Redis's side can tell), each using the same {@code circuits} circuits. Calls
 * arrive at a fixed total rate, spread uniformly over instances and circuits, and fail with the given
 * probability; every circuit trips only after {@value #THRESHOLD} failures in a row and stays open
 * {@value #OPEN_SECONDS} s. It reports Redis's commands per second (scripts, and every command counted
 * by {@code INFO commandstats}, which includes the commands scripts run), Redis's CPU time per second
 * ({@code INFO cpu}), the harness's own CPU time per second (every simulated instance's work: callers,
 * store threads, Lettuce, GC) and the propagation delay of a trip from one instance to another (p50, p99),
 * probed while the load runs, and the number of degraded episodes of all instances during the run (Redis unanswered for
 * {@code degrade-after-errors} commands in a row, usually heartbeats lost in a stalled harness).
 *
 * <pre>
 * java -cp purgatory-benchmarks/target/benchmarks.jar io.purgatory.benchmarks.redis.RedisFleetLoad \
 *     INSTANCES CIRCUITS FAILURE_PERCENT [SECONDS=10] [CALLS_PER_SECOND=20000] [named|keyed]
 * </pre>
 *
 * <p>With {@code keyed} the circuits are the keys of one group ({@code factory.getBreaker("fleet", key)},
 * per-key breakers), instead of named breakers.
 */
public final class RedisFleetLoad {

    private static final int THRESHOLD = 5;
    private static final int OPEN_SECONDS = 5;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final int SETUP_THREADS = 16;

    private RedisFleetLoad() {
    }

    /**
     * Runs one load and prints its line.
     *
     * @param args instances, circuits, failure percent, optional seconds and calls per second
     * @throws Exception when the run cannot start
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: RedisFleetLoad INSTANCES CIRCUITS FAILURE_PERCENT [SECONDS=10] [CALLS_PER_SECOND=20000]"
                    + " [named|keyed]");
            System.exit(2);
        }
        int instances = Integer.parseInt(args[0]);
        int circuits = Integer.parseInt(args[1]);
        double failureRate = Double.parseDouble(args[2]) / 100.0;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int callsPerSecond = args.length > 4 ? Integer.parseInt(args[4]) : 20_000;
        boolean keyed = args.length > 5 && args[5].equals("keyed");

        RedisStoreSettings settings = RedisStoreSettings.defaults();
        CircuitBreakerConfig config = CircuitBreakerConfig.builder().threshold(THRESHOLD)
                .ttl(Duration.ofSeconds(OPEN_SECONDS)).maxKeys(Math.max(circuits, 1)).build();
        ClientResources resources = DefaultClientResources.create();
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            RedisURI uri = RedisURI.create("redis://127.0.0.1:" + redis.port());
            List<RedisCircuitStore> stores = new ArrayList<>();
            List<CircuitBreakerFactory> factories = new ArrayList<>();
            CircuitBreaker[][] breakers = new CircuitBreaker[instances][circuits];
            long setUp = System.nanoTime();
            for (int i = 0; i < instances; i++) {
                RedisCircuitStore store = new RedisCircuitStore(BreakerConnection.standalone(uri, resources, settings),
                        settings);
                stores.add(store);
                CircuitBreakerFactory factory = CircuitBreakerFactory.builder().store(store).defaults(config).build();
                factories.add(factory);
            }
            createBreakers(factories, breakers, keyed);
            System.out.printf("set up %d instances x %d circuits on %s in %d ms%n", instances, circuits,
                    redis.describe(), Duration.ofNanos(System.nanoTime() - setUp).toMillis());

            Measurement before = Measurement.of(redis);
            long harnessCpuBefore = processCpuNanos();
            int episodesBefore = degradedEpisodes(stores);
            LongAdder calls = new LongAdder();
            LongAdder rejected = new LongAdder();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            int drivers = Math.max(1, Runtime.getRuntime().availableProcessors());
            List<Thread> threads = new ArrayList<>();
            for (int d = 0; d < drivers; d++) {
                Thread driver = new Thread(() -> drive(breakers, failureRate, callsPerSecond / drivers, end, calls,
                        rejected), "fleet-driver-" + d);
                threads.add(driver);
                driver.start();
            }
            List<Long> propagation = probePropagation(factories, end);
            for (Thread thread : threads) {
                thread.join();
            }
            Measurement after = Measurement.of(redis);
            long harnessCpu = processCpuNanos() - harnessCpuBefore;
            double wall = (after.nanos - before.nanos) / 1e9;
            long[] delays = propagation.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("RESULT " + (keyed ? "keyed " : "") + "instances=%d circuits=%d failures=%.0f%% calls/s=%.0f rejected=%.1f%% "
                            + "scripts/s=%.0f commands/s=%.0f redis-cpu=%.1f%% harness-cpu=%.0f%% propagation-p50=%s p99=%s (%d probes) degraded-episodes=%d%n",
                    instances, circuits, failureRate * 100, calls.sum() / wall, 100.0 * rejected.sum() / Math.max(1, calls.sum()),
                    (after.scripts - before.scripts) / wall, (after.commands - before.commands) / wall,
                    100 * (after.cpuSeconds - before.cpuSeconds) / wall, 100 * harnessCpu / 1e9 / wall, millis(percentile(delays, 0.50)),
                    millis(percentile(delays, 0.99)), delays.length,
                    degradedEpisodes(stores) - episodesBefore);
            for (RedisCircuitStore store : stores) {
                store.close();
            }
        } finally {
            resources.shutdown();
        }
    }

    /**
     * Creates every instance's breakers, on several threads: each creation waits for one read of the shared
     * state, so a million of them one after the other would take minutes.
     */
    private static void createBreakers(List<CircuitBreakerFactory> factories, CircuitBreaker[][] breakers,
            boolean keyed) throws InterruptedException {
        int circuits = breakers[0].length;
        List<Thread> creators = new ArrayList<>();
        for (int t = 0; t < SETUP_THREADS; t++) {
            int first = t;
            Thread creator = new Thread(() -> {
                for (int i = 0; i < factories.size(); i++) {
                    for (int c = first; c < circuits; c += SETUP_THREADS) {
                        breakers[i][c] = keyed ? factories.get(i).getBreaker("fleet", "k" + c)
                                : factories.get(i).getBreaker("c" + c);
                    }
                }
            }, "fleet-setup-" + t);
            creators.add(creator);
            creator.start();
        }
        for (Thread creator : creators) {
            creator.join();
        }
    }

    /** Calls random circuits of random instances at a fixed rate until the end. */
    private static void drive(CircuitBreaker[][] breakers, double failureRate, int callsPerSecond, long end,
            LongAdder calls, LongAdder rejected) {
        long interval = 1_000_000_000L / Math.max(1, callsPerSecond);
        long next = System.nanoTime();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (next < end) {
            long now = System.nanoTime();
            if (now < next) {
                LockSupport.parkNanos(next - now);
            }
            next += interval;
            CircuitBreaker breaker = breakers[random.nextInt(breakers.length)][random.nextInt(breakers[0].length)];
            boolean fails = random.nextDouble() < failureRate;
            try {
                breaker.run(() -> {
                    if (fails) {
                        throw new IllegalStateException("downstream failed");
                    }
                });
            } catch (CircuitOpenException open) {
                rejected.increment();
            } catch (IllegalStateException expected) {
                // the simulated downstream failure, counted by the breaker
            }
            calls.increment();
        }
    }

    /**
     * Every 250 ms until the end: forces a fresh circuit open on the first instance and times how long
     * the second, which has just used that circuit, takes to see it open.
     */
    private static List<Long> probePropagation(List<CircuitBreakerFactory> factories, long end)
            throws InterruptedException {
        List<Long> delays = new ArrayList<>();
        if (factories.size() < 2) {
            return delays;
        }
        for (int probe = 0; System.nanoTime() + Duration.ofMillis(500).toNanos() < end; probe++) {
            Thread.sleep(250);
            CircuitBreaker source = factories.get(0).getBreaker("probe-" + probe);
            CircuitBreaker target = factories.get(1).getBreaker("probe-" + probe);
            target.run(() -> { }); // in use on the target instance, as a circuit that matters is
            long start = System.nanoTime();
            source.transitionTo(CircuitState.OPEN);
            long deadline = start + PROBE_TIMEOUT.toNanos();
            while (target.getState() != CircuitState.OPEN && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            delays.add(System.nanoTime() - start);
        }
        return delays;
    }

    private static int degradedEpisodes(List<RedisCircuitStore> stores) {
        return stores.stream().mapToInt(RedisCircuitStore::degradedEpisodes).sum();
    }

    /** CPU time of this JVM, every thread: the simulated instances' own work (callers, store threads, Lettuce, GC). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long percentile(long[] sorted, double quantile) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    private static String millis(long nanos) {
        return nanos < 0 ? "n/a" : String.format("%.1fms", nanos / 1e6);
    }

    /** Redis's counters at one moment. */
    private record Measurement(long nanos, long scripts, long commands, double cpuSeconds) {

        static Measurement of(RedisServerProcess redis) {
            Map<String, Long> calls = redis.commandCalls();
            long scripts = calls.getOrDefault("evalsha", 0L) + calls.getOrDefault("eval", 0L);
            long commands = calls.values().stream().mapToLong(Long::longValue).sum();
            double cpu;
            try (RespClient client = RespClient.connect(redis.port())) {
                String info = client.command("INFO", "cpu");
                cpu = Arrays.stream(info.split("\r\n"))
                        .filter(line -> line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:"))
                        .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(':') + 1)))
                        .sum();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return new Measurement(System.nanoTime(), scripts, commands, cpu);
        }
    }
}
