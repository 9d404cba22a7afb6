package io.purgatory.benchmarks;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.function.Function;

/**
 * Measures the heap that each breaker keeps: for each contender, the heap in use after full
 * collections before and after registering N breakers (100,000 unless the first argument says
 * otherwise), divided by N. The names are made beforehand, so they are not counted; the map entry
 * that holds each breaker is. Not thread-safe; a command-line tool.
 *
 * <p>{@code purgatoryKeyed} registers N keyed circuits in one group ({@code group.breaker(key)}); the keys
 * are made beforehand like the names, the circuits' own {@code group[key]} names are counted.
 * {@code purgatoryKeyedUsed} does the same in a factory set up as the Spring Boot starter sets it up with
 * Micrometer (every call timed, durations sampled 1 in 16), and runs {@value #CALLS_PER_USED_CIRCUIT}
 * successful calls through each circuit's permit API, as the starter's advice does: what a keyed circuit
 * keeps once it is in use.
 *
 * <p>Run: {@code java -cp purgatory-benchmarks/target/benchmarks.jar io.purgatory.benchmarks.Footprint [N [contender]]}.
 * The numbers are as exact as {@code System.gc()} lets them be: the tool repeats collections until
 * the heap in use stops moving, and warms every contender up first so that class initialisation
 * is not counted.
 */
public final class Footprint {

    private static final int DEFAULT_BREAKERS = 100_000;
    private static final int WARM_UP_BREAKERS = 1_000;
    private static final int CALLS_PER_USED_CIRCUIT = 32;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Footprint() {
    }

    /**
     * Prints the retained heap per breaker of each contender.
     *
     * @param args optionally, the number of breakers to create
     */
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_BREAKERS;
        String only = args.length > 1 ? args[1] : null;
        System.out.printf("Retained heap per breaker, %,d breakers, %s %s%n", count,
                System.getProperty("java.vm.name"), System.getProperty("java.version"));
        System.out.printf("%-28s %12s %14s%n", "contender", "bytes/breaker", "ns/breaker (cold)");
        if (only == null || only.equals("purgatoryKeyed")) {
            measure("purgatoryKeyed", count, keys -> {
                var group = CircuitBreakerFactory.builder()
                        .breaker("keyed", CircuitBreakerConfig.builder().maxKeys(Integer.MAX_VALUE).build())
                        .build().getGroup("keyed");
                for (String key : keys) {
                    group.breaker(key);
                }
                return group;
            });
        }
        if (only == null || only.equals("purgatoryKeyedUsed")) {
            measure("purgatoryKeyedUsed", count, keys -> {
                var group = CircuitBreakerFactory.builder()
                        .breaker("keyed", CircuitBreakerConfig.builder().maxKeys(Integer.MAX_VALUE).build())
                        .recordCallDurations(true).callDurationSampling(16)
                        .build().getGroup("keyed");
                for (String key : keys) {
                    var permits = group.breaker(key).permits();
                    for (int i = 0; i < CALLS_PER_USED_CIRCUIT; i++) {
                        permits.onSuccess(permits.acquire(), permits.callStart());
                    }
                }
                return group;
            });
        }
        if (only != null) {
            return;
        }
        measure("purgatory", count, names -> {
            var factory = Contenders.purgatory();
            for (String name : names) {
                factory.getBreaker(name);
            }
            return factory;
        });
        measure("resilience4jDefault", count, names -> {
            var registry = Contenders.resilience4jDefault();
            for (String name : names) {
                registry.circuitBreaker(name);
            }
            return registry;
        });
        measure("resilience4jComparable", count, names -> {
            var registry = Contenders.resilience4jComparable();
            for (String name : names) {
                registry.circuitBreaker(name);
            }
            return registry;
        });
    }

    private static void measure(String contender, int count, Function<String[], Object> register) {
        Reference.reachabilityFence(register.apply(names(WARM_UP_BREAKERS)));
        String[] names = names(count);
        long before = settledHeapInUse();
        long start = System.nanoTime();
        Object container = register.apply(names);
        long elapsed = System.nanoTime() - start;
        long after = settledHeapInUse();
        Reference.reachabilityFence(container);
        Reference.reachabilityFence(names);
        System.out.printf("%-28s %12d %14d%n", contender, (after - before) / count, elapsed / count);
    }

    /**
     * Returns distinct breaker names of realistic length.
     *
     * @param count how many
     * @return {@code "dependency-0"}, {@code "dependency-1"}, …
     */
    static String[] names(int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "dependency-" + i;
        }
        return names;
    }

    /** Collects until the heap in use stops moving (within 1 KiB), then returns it. */
    private static long settledHeapInUse() {
        long previous = Long.MAX_VALUE;
        for (int round = 0; round < 20; round++) {
            System.gc();
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - previous) < 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
