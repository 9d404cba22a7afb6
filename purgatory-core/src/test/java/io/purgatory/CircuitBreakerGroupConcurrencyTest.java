package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Keyed circuits under contention: one circuit per key, every call counted on exactly one circuit,
 * the group never above max-keys (slack 0: keys are created under the group's lock), no exception.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CircuitBreakerGroupConcurrencyTest {

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 20_000;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void everyThreadGetsTheSameCircuitForAKeyAndEveryCallIsCountedOnce() throws Exception {
        CircuitBreakerGroup group = CircuitBreakerFactory.builder().build().getGroup("hosts");
        int keys = 500;
        Map<String, Set<CircuitBreaker>> seen = new ConcurrentHashMap<>();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                start.await(60, TimeUnit.SECONDS);
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    String key = "k" + ((i * 31 + thread) % keys);
                    CircuitBreaker circuit = group.breaker(key);
                    seen.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(circuit);
                    circuit.run(() -> { });
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS); // rethrows any exception of a worker
        }

        assertThat(seen).hasSize(keys).allSatisfy((key, circuits) -> assertThat(circuits).hasSize(1));
        long successes = group.getBreakers().stream().mapToLong(b -> b.getStatistics().count(CallOutcome.SUCCESS)).sum();
        assertThat(successes).isEqualTo((long) THREADS * CALLS_PER_THREAD);
        assertThat(group.size()).isEqualTo(keys);
        assertThat(group.getEvictionCount()).isZero();
    }

    @Test
    void churnOfManyKeysNeverGrowsTheGroupPastMaxKeysAndLosesNoCall() throws Exception {
        ManualTimeSource clock = new ManualTimeSource();
        int maxKeys = 64;
        CircuitBreakerGroup group = CircuitBreakerFactory.builder().timeSource(clock)
                .defaults(CircuitBreakerConfig.builder().threshold(3).ttl(Duration.ofMillis(5)).maxKeys(maxKeys)
                        .keyIdleTimeout(Duration.ofMillis(20)).build())
                .build().getGroup("tenants");
        Set<CircuitBreaker> handedOut = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        LongAdder calls = new LongAdder();
        AtomicInteger largest = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        CyclicBarrier start = new CyclicBarrier(THREADS + 1);
        Future<?> watcher = pool.submit(() -> {
            start.await(60, TimeUnit.SECONDS);
            while (running.get()) {
                largest.accumulateAndGet(group.size(), Math::max);
                clock.advance(Duration.ofMillis(1)); // time moves while the threads run: opens end, keys idle
            }
            return null;
        });
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                start.await(60, TimeUnit.SECONDS);
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    String key = "t" + ((i * 7919 + thread * 104_729) % 1_000);
                    CircuitBreaker circuit = group.breaker(key);
                    handedOut.add(circuit);
                    boolean failing = key.hashCode() % 5 == 0; // one tenant in five is broken
                    try {
                        circuit.run(() -> {
                            if (failing) {
                                throw new IllegalStateException("tenant down");
                            }
                        });
                    } catch (IllegalStateException | CircuitOpenException expected) {
                        // the only two outcomes a caller may see
                    }
                    calls.increment();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        running.set(false);
        watcher.get(60, TimeUnit.SECONDS);

        long counted = handedOut.stream().mapToLong(CircuitBreakerConcurrencyAccounting::allOutcomes).sum();
        assertThat(counted).as("every call counted on the circuit it was handed, evicted or not")
                .isEqualTo(calls.sum()).isEqualTo((long) THREADS * CALLS_PER_THREAD);
        assertThat(largest.get()).as("largest size seen").isLessThanOrEqualTo(maxKeys);
        assertThat(group.size()).isLessThanOrEqualTo(maxKeys);
        assertThat(group.getEvictionCount()).as("churn evicted circuits").isPositive();
    }

    /** Sums a breaker's calls over every outcome. */
    private static final class CircuitBreakerConcurrencyAccounting {
        static long allOutcomes(CircuitBreaker breaker) {
            long sum = 0;
            for (CallOutcome outcome : CallOutcome.values()) {
                sum += breaker.getStatistics().count(outcome);
            }
            return sum;
        }
    }
}
