package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.event.CallRejected;
import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.FailureCounted;
import io.purgatory.event.StateChanged;
import io.purgatory.event.TransitionCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §2.9 under contention: exact counts, each transition once, never more trials than allowed,
 * no deadlock. Every thread starts at a barrier; every wait is bounded; nothing sleeps.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CircuitBreakerConcurrencyTest {

    private static final int THREADS = 8;
    private static final long WAIT_SECONDS = 60;

    private final ManualTimeSource clock = new ManualTimeSource();
    private final Queue<CircuitBreakerEvent> events = new ConcurrentLinkedQueue<>();
    private ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).as("pool stopped").isTrue();
    }

    private CircuitBreaker breaker(CircuitBreakerConfig config) {
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder()
                .defaults(config)
                .timeSource(clock)
                .listener(event -> events.add(RecordingListener.unnumbered(event)))
                .build();
        CircuitBreaker breaker = factory.getBreaker("concurrent");
        events.clear();
        return breaker;
    }

    /** Runs {@code task(threadIndex)} on every thread, released together, and waits for all of them. */
    private <T> List<T> onAllThreads(Function<Integer, Callable<T>> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Callable<T> body = task.apply(i);
            futures.add(pool.submit(() -> {
                start.await(WAIT_SECONDS, TimeUnit.SECONDS);
                return body.call();
            }));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
        return results;
    }

    private static void fail(CircuitBreaker breaker) {
        try {
            breaker.run(() -> {
                throw new IllegalStateException("down");
            });
        } catch (IllegalStateException | CircuitOpenException expected) {
            // counted or rejected: both are what the test is about
        }
    }

    private <E extends CircuitBreakerEvent> List<E> eventsOf(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    @Test
    void concurrentFailuresOpenTheCircuitExactlyOnceAfterExactlyThresholdCountedFailures() throws Exception {
        int threshold = 50;
        int perThread = 1_000;
        CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder().threshold(threshold).ttl(Duration.ofHours(1)).build());

        onAllThreads(i -> () -> {
            for (int k = 0; k < perThread; k++) {
                fail(breaker);
            }
            return null;
        });

        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(eventsOf(StateChanged.class)).containsExactly(
                new StateChanged("concurrent", CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.CONSECUTIVE_FAILURES));
        assertThat(eventsOf(FailureCounted.class)).extracting(FailureCounted::consecutiveFailures)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, threshold).boxed().toList());
        CallStatistics statistics = breaker.getStatistics();
        assertThat(statistics.count(CallOutcome.FAILURE) + statistics.count(CallOutcome.REJECTED))
                .isEqualTo((long) THREADS * perThread);
        assertThat(statistics.count(CallOutcome.FAILURE)).isBetween((long) threshold, (long) threshold + THREADS);
        assertThat(eventsOf(CallRejected.class)).hasSize((int) statistics.count(CallOutcome.REJECTED));
    }

    @Test
    void belowTheThresholdEveryConcurrentFailureIsCountedExactlyOnce() throws Exception {
        int perThread = 1_000;
        int total = THREADS * perThread;
        CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder().threshold(1_000_000).build());

        onAllThreads(i -> () -> {
            for (int k = 0; k < perThread; k++) {
                fail(breaker);
            }
            return null;
        });

        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getConsecutiveFailures()).isEqualTo(total);
        assertThat(breaker.getSnapshot().consecutiveFailures()).isEqualTo(total);
        List<Integer> counted = eventsOf(FailureCounted.class).stream().map(FailureCounted::consecutiveFailures).toList();
        assertThat(counted).hasSize(total);
        assertThat(counted).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
        assertThat(breaker.getStatistics().count(CallOutcome.FAILURE)).isEqualTo(total);
    }

    @Test
    void halfOpenNeverRunsMoreThanHalfOpenCallsTrialsAtOnce() throws Exception {
        int halfOpenCalls = 3;
        int attemptsPerThread = 200;
        Duration ttl = Duration.ofSeconds(10);
        CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder()
                .threshold(1).ttl(ttl).halfOpenCalls(halfOpenCalls).build());
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();

        int rounds = 6;
        for (int round = 0; round < rounds; round++) {
            fail(breaker); // CLOSED -> OPEN after a close; a no-op when still OPEN
            assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
            clock.advance(ttl.plusNanos(1));
            boolean trialsSucceed = round % 2 == 0;
            CountDownLatch decided = new CountDownLatch(THREADS); // each thread: admitted, or out of attempts
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger admitted = new AtomicInteger();
            AtomicInteger rejected = new AtomicInteger();
            events.clear();

            List<Future<Void>> workers = new ArrayList<>();
            CyclicBarrier start = new CyclicBarrier(THREADS);
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    start.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    for (int attempt = 0; attempt < attemptsPerThread; attempt++) {
                        try {
                            breaker.call(() -> {
                                int now = inFlight.incrementAndGet();
                                maxInFlight.accumulateAndGet(now, Math::max);
                                admitted.incrementAndGet();
                                decided.countDown();
                                try {
                                    assertThat(release.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
                                } finally {
                                    inFlight.decrementAndGet();
                                }
                                if (!trialsSucceed) {
                                    throw new IllegalStateException("trial failed");
                                }
                                return "ok";
                            });
                            return null; // one trial per thread and round is enough
                        } catch (CircuitOpenException e) {
                            rejected.incrementAndGet();
                        } catch (IllegalStateException e) {
                            return null;
                        }
                    }
                    decided.countDown();
                    return null;
                }));
            }
            assertThat(decided.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("round %d decided", round).isTrue();
            // Every body is still blocked here, so the admitted count is exactly the limit.
            assertThat(admitted).as("trials admitted in round %d", round).hasValue(halfOpenCalls);
            assertThat(breaker.getSnapshot().trialsInFlight()).isEqualTo(halfOpenCalls);
            assertThat(rejected).hasValue((THREADS - halfOpenCalls) * attemptsPerThread);
            release.countDown();
            for (Future<Void> worker : workers) {
                worker.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }

            List<StateChanged> changes = eventsOf(StateChanged.class);
            assertThat(changes).as("transitions of round %d", round).containsExactly(
                    new StateChanged("concurrent", CircuitState.OPEN, CircuitState.HALF_OPEN, TransitionCause.OPEN_PERIOD_ELAPSED),
                    trialsSucceed
                            ? new StateChanged("concurrent", CircuitState.HALF_OPEN, CircuitState.CLOSED, TransitionCause.TRIAL_SUCCEEDED)
                            : new StateChanged("concurrent", CircuitState.HALF_OPEN, CircuitState.OPEN, TransitionCause.TRIAL_FAILED));
            assertThat(breaker.getState()).isEqualTo(trialsSucceed ? CircuitState.CLOSED : CircuitState.OPEN);
        }
        assertThat(maxInFlight.get()).isEqualTo(halfOpenCalls);
        assertThat(inFlight).hasValue(0);
    }

    @Test
    void mixedRandomWorkloadNeverDeadlocksAndLeavesAConsistentBreaker() throws Exception {
        Duration ttl = Duration.ofMillis(5);
        int halfOpenCalls = 2;
        int threshold = 3;
        CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder().threshold(threshold).ttl(ttl)
                .halfOpenCalls(halfOpenCalls).exclude(UnsupportedOperationException.class).build());
        int opsPerThread = 3_000;

        List<Long> attemptsPerThread = onAllThreads(i -> () -> {
            Random random = new Random(42L + i);
            long attempts = 0; // calls and permits that must record exactly one outcome
            List<Long> held = new ArrayList<>();
            for (int op = 0; op < opsPerThread; op++) {
                int dice = random.nextInt(100);
                if (dice < 30) {
                    attempts++;
                    try {
                        breaker.get(() -> "ok");
                    } catch (CircuitOpenException rejected) {
                        // expected while open
                    }
                } else if (dice < 55) {
                    attempts++;
                    fail(breaker);
                } else if (dice < 62) {
                    attempts++;
                    try {
                        breaker.run(() -> {
                            throw new UnsupportedOperationException("excluded");
                        });
                    } catch (UnsupportedOperationException | CircuitOpenException expected) {
                        // either way the caller sees it
                    }
                } else if (dice < 75) {
                    clock.advance(random.nextBoolean() ? ttl.plusNanos(1) : Duration.ofNanos(random.nextInt(1_000)));
                } else if (dice < 90) {
                    long permit = breaker.tryAcquirePermission();
                    attempts++;
                    if (permit != CircuitBreaker.REJECTED) {
                        held.add(permit);
                    }
                    if (held.size() > 2 || (random.nextBoolean() && !held.isEmpty())) {
                        long finished = held.remove(0);
                        switch (random.nextInt(3)) {
                            case 0 -> breaker.onSuccess(finished, breaker.callStart());
                            case 1 -> breaker.onError(finished, breaker.callStart(), new IllegalStateException("x"));
                            default -> {
                                breaker.releasePermission(finished);
                                attempts--; // a released permit records no outcome
                            }
                        }
                    }
                } else if (dice < 93) {
                    CircuitState[] states = CircuitState.values();
                    breaker.transitionTo(states[random.nextInt(states.length)]);
                } else {
                    breaker.getSnapshot();
                }
            }
            for (long permit : held) {
                breaker.releasePermission(permit);
                attempts--;
            }
            return attempts;
        });

        long attempts = attemptsPerThread.stream().mapToLong(Long::longValue).sum();
        CallStatistics statistics = breaker.getStatistics();
        long recorded = 0;
        for (CallOutcome outcome : CallOutcome.values()) {
            recorded += statistics.count(outcome);
        }
        assertThat(recorded).as("every call and permit recorded exactly one outcome").isEqualTo(attempts);

        int trialsInFlight = breaker.getSnapshot().trialsInFlight();
        assertThat(trialsInFlight).as("no trial left behind").isZero();
        if (breaker.getState() == CircuitState.CLOSED) {
            assertThat(breaker.getConsecutiveFailures()).isBetween(0, threshold - 1);
        }
        // Still a working breaker.
        breaker.reset();
        assertThat(breaker.get(() -> "alive")).isEqualTo("alive");
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getConsecutiveFailures()).isZero();
    }

    @Test
    void callStatisticsAreExactAfterConcurrentCalls() throws Exception {
        int perThread = 1_200;
        CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder().threshold(Integer.MAX_VALUE)
                .exclude(UnsupportedOperationException.class).build());

        onAllThreads(i -> () -> {
            for (int k = 0; k < perThread; k++) {
                int value = k;
                switch (k % 3) {
                    case 0 -> assertThat(breaker.get(() -> value)).isEqualTo(value);
                    case 1 -> fail(breaker);
                    default -> {
                        try {
                            breaker.run(() -> {
                                throw new UnsupportedOperationException("excluded");
                            });
                        } catch (UnsupportedOperationException expected) {
                            // rethrown unchanged
                        }
                    }
                }
            }
            return null;
        });
        breaker.open();
        onAllThreads(i -> () -> {
            for (int k = 0; k < perThread; k++) {
                assertThatThrownBy(() -> breaker.run(() -> { })).isInstanceOf(CircuitOpenException.class);
            }
            return null;
        });

        CallStatistics statistics = breaker.getStatistics();
        long third = (long) THREADS * perThread / 3;
        assertThat(Map.of(
                CallOutcome.SUCCESS, statistics.count(CallOutcome.SUCCESS),
                CallOutcome.FAILURE, statistics.count(CallOutcome.FAILURE),
                CallOutcome.EXCLUDED, statistics.count(CallOutcome.EXCLUDED),
                CallOutcome.REJECTED, statistics.count(CallOutcome.REJECTED)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        CallOutcome.SUCCESS, third,
                        CallOutcome.FAILURE, third,
                        CallOutcome.EXCLUDED, third,
                        CallOutcome.REJECTED, (long) THREADS * perThread));
        assertThat(eventsOf(CallRejected.class)).hasSize(THREADS * perThread);
        // Every counted failure was interleaved with resets, but each was reported exactly once.
        assertThat(eventsOf(FailureCounted.class)).hasSize((int) third);
    }
}
