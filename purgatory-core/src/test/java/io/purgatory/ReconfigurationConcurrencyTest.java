package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.ConfigChanged;
import io.purgatory.event.FailureCounted;
import io.purgatory.event.StateChanged;
import io.purgatory.event.TransitionCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * Reconfiguration racing with calls: a thread replaces the settings again and again while eight threads
 * call through the breaker. Counts stay exact, the circuit trips exactly once, nothing throws but the
 * bodies. Nothing sleeps; every wait is bounded.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReconfigurationConcurrencyTest {

    private static final int CALLERS = 8;
    private static final int CALLS = 4_000;

    @RepeatedTest(5)
    void reconfiguringWhileThreadsCallLosesNoCountAndNoTrip() throws Exception {
        Queue<CircuitBreakerEvent> events = new ConcurrentLinkedQueue<>();
        // A long open period: the circuit trips once and stays open, so every count can be checked exactly.
        CircuitBreakerConfig low = CircuitBreakerConfig.builder().threshold(10_000).ttl(Duration.ofDays(1)).build();
        CircuitBreakerConfig high = low.toBuilder().threshold(15_000)
                // A window that never trips (nothing is slow on a still clock), swapped in and out with the threshold.
                .window(RateWindow.builder().countBased(50).minimumCalls(50)
                        .slowCallRateThreshold(100, Duration.ofDays(1)).build())
                .build();
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder().defaults(low).timeSource(new ManualTimeSource())
                .listener(events::add).build();
        CircuitBreaker breaker = factory.getBreaker("raced");
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS + 1);
        try {
            CyclicBarrier start = new CyclicBarrier(CALLERS + 1);
            java.util.concurrent.CountDownLatch firstChange = new java.util.concurrent.CountDownLatch(1);
            AtomicBoolean calling = new AtomicBoolean(true);
            List<Future<Integer>> callers = new ArrayList<>();
            for (int t = 0; t < CALLERS; t++) {
                callers.add(pool.submit(() -> {
                    start.await(60, TimeUnit.SECONDS);
                    assertThat(firstChange.await(60, TimeUnit.SECONDS)).isTrue();
                    int unexpected = 0;
                    for (int i = 0; i < CALLS; i++) {
                        try {
                            breaker.run(() -> {
                                throw new IllegalStateException("down");
                            });
                        } catch (IllegalStateException | CircuitOpenException expected) {
                            // the body's own failure, or a rejection once open
                        } catch (RuntimeException other) {
                            unexpected++;
                        }
                    }
                    return unexpected;
                }));
            }
            Future<Integer> reconfigurer = pool.submit(() -> {
                start.await(60, TimeUnit.SECONDS);
                int changes = 0;
                while (calling.get()) {
                    factory.reconfigure("raced", changes % 2 == 0 ? high : low);
                    changes++;
                    firstChange.countDown();
                }
                return changes;
            });
            for (Future<Integer> caller : callers) {
                assertThat(caller.get(60, TimeUnit.SECONDS)).as("exceptions other than the body's").isZero();
            }
            calling.set(false);
            int changes = reconfigurer.get(60, TimeUnit.SECONDS);

            CallStatistics statistics = breaker.getStatistics();
            long total = 0;
            for (CallOutcome outcome : CallOutcome.values()) {
                total += statistics.count(outcome);
            }
            assertThat(total).as("every call counted once").isEqualTo((long) CALLERS * CALLS);
            assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
            assertThat(events).filteredOn(StateChanged.class::isInstance).as("one trip").singleElement()
                    .isEqualTo(new StateChanged("raced", CircuitState.CLOSED, CircuitState.OPEN,
                            TransitionCause.CONSECUTIVE_FAILURES, 1));
            assertThat(events).filteredOn(ConfigChanged.class::isInstance).as("one event per change")
                    .hasSize(changes);
            assertThat(changes).as("reconfigurations raced with the calls").isGreaterThan(1);
            assertThat(breaker.getConfig()).isIn(low, high);
            // Exact counts: every failure before the trip counted once, 1, 2, ... up to the trip, which
            // happened at a threshold in force at that moment (10,000 or 15,000, or in between when the threshold
            // dropped below the count: then the next failure trips).
            List<Integer> counts = events.stream().filter(FailureCounted.class::isInstance)
                    .map(e -> ((FailureCounted) e).consecutiveFailures()).sorted().toList();
            int tripCount = counts.get(counts.size() - 1);
            assertThat(tripCount).isBetween(10_000, 15_000);
            assertThat(counts).isEqualTo(java.util.stream.IntStream.rangeClosed(1, tripCount).boxed().toList());
            // Calls admitted before the trip that failed after it are failures that count nothing.
            assertThat(statistics.count(CallOutcome.FAILURE)).isGreaterThanOrEqualTo(tripCount);
            assertThat(statistics.count(CallOutcome.REJECTED)).isPositive();
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
