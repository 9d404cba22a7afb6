package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.event.BreakerCreated;
import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.StateChanged;
import io.purgatory.event.StoreDegraded;
import io.purgatory.event.TransitionCause;
import io.purgatory.store.CircuitSignals;
import io.purgatory.store.CircuitStore;
import io.purgatory.store.InMemoryCircuitStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 12, items 2, 4, 5 and 7: what counts, in which window, and in which order listeners hear it. */
class CallAccountingTest {

    private static final Duration TTL = Duration.ofSeconds(10);
    private final ManualTimeSource clock = new ManualTimeSource();

    @Test
    void failuresOfCallsAdmittedBeforeATripDoNotReachTheNextClosedWindow() throws Exception {
        RateWindow halfFailing = RateWindow.builder().countBased(10).minimumCalls(10).failureRateThreshold(50).build();
        CircuitBreaker breaker = CircuitBreakerFactory.builder()
                .defaults(CircuitBreakerConfig.builder().threshold(1000).ttl(TTL).window(halfFailing).build())
                .timeSource(clock).build().getBreaker("stale");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier admitted = new CyclicBarrier(threads + 1);
            CountDownLatch recovered = new CountDownLatch(1);
            List<Future<?>> late = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                late.add(pool.submit(() -> {
                    long permit = breaker.tryAcquirePermission(); // read CLOSED before the trip
                    admitted.await();
                    recovered.await();
                    breaker.onError(permit, 0, new IllegalStateException("slow failure"));
                    return null;
                }));
            }
            admitted.await(10, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> breaker.run(() -> {
                    throw new IllegalStateException("down");
                })).isInstanceOf(IllegalStateException.class);
            }
            assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
            clock.advance(TTL.plusNanos(1));
            breaker.run(() -> { }); // the trial closes the circuit
            assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);

            recovered.countDown();
            for (Future<?> future : late) {
                future.get(10, TimeUnit.SECONDS);
            }
            assertThat(breaker.getRates().calls()).as("the new closed period's window").isZero();
            for (int i = 0; i < 10; i++) { // 40 % failures: below the 50 % threshold
                boolean fails = i < 4;
                try {
                    breaker.run(() -> {
                        if (fails) {
                            throw new IllegalStateException("some");
                        }
                    });
                } catch (IllegalStateException expected) {
                    // counted
                }
            }
            assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
            assertThat(breaker.getRates().failures()).isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listenersHearTransitionsInTheOrderTheyHappenedEvenWhenTheirThreadsReportOutOfOrder() throws Exception {
        CountDownLatch firstReportHeld = new CountDownLatch(1);
        CountDownLatch secondReported = new CountDownLatch(1);
        // A store whose first transition report is delayed, as a preempted thread would delay it.
        CircuitStore slowReporter = new CircuitStore() {
            private final InMemoryCircuitStore inner = new InMemoryCircuitStore();

            @Override
            public String type() {
                return "slow-reporter";
            }

            @Override
            public io.purgatory.store.StoredCircuit attach(String name, CircuitBreakerConfig config, TimeSource time,
                    CircuitSignals signals) {
                return inner.attach(name, config, time, new CircuitSignals() {
                    @Override
                    public void failureCounted(int count) {
                        signals.failureCounted(count);
                    }

                    @Override
                    public void recovered() {
                        signals.recovered();
                    }

                    @Override
                    public void stateChanged(CircuitState from, CircuitState to, TransitionCause cause) {
                        throw new AssertionError("the in-memory store numbers its transitions");
                    }

                    @Override
                    public void stateChanged(CircuitState from, CircuitState to, TransitionCause cause, long sequence) {
                        if (sequence == 1) {
                            firstReportHeld.countDown();
                            await(secondReported);
                        }
                        signals.stateChanged(from, to, cause, sequence);
                        if (sequence == 2) {
                            secondReported.countDown();
                        }
                    }

                    @Override
                    public void storeDegraded(String reason) {
                        signals.storeDegraded(reason);
                    }

                    @Override
                    public void storeRecovered() {
                        signals.storeRecovered();
                    }
                });
            }
        };
        List<CircuitBreakerEvent> heard = new ArrayList<>();
        CircuitBreaker breaker = CircuitBreakerFactory.builder().store(slowReporter).timeSource(clock)
                .defaults(CircuitBreakerConfig.builder().threshold(1).ttl(TTL).build())
                .listener(event -> {
                    synchronized (heard) {
                        heard.add(event);
                    }
                })
                .build().getBreaker("ordered");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> tripping = pool.submit(() -> {
                try {
                    breaker.run(() -> {
                        throw new IllegalStateException("down");
                    });
                } catch (IllegalStateException expected) {
                    // counted: trips
                }
            });
            assertThat(firstReportHeld.await(10, TimeUnit.SECONDS)).isTrue();
            breaker.reset(); // the second transition, reported while the first is still on its way
            tripping.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        synchronized (heard) {
            assertThat(heard).filteredOn(StateChanged.class::isInstance).containsExactly(
                    new StateChanged("ordered", CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.CONSECUTIVE_FAILURES, 1),
                    new StateChanged("ordered", CircuitState.OPEN, CircuitState.CLOSED, TransitionCause.FORCED, 2));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.SECONDS); // bounded: with ordering, the second report waits for the first
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void breakerCreatedArrivesBeforeAnEventTheBreakerReportedWhileItWasBeingCreated() {
        CircuitStore degradedAtOnce = new CircuitStore() {
            @Override
            public String type() {
                return "flaky";
            }

            @Override
            public io.purgatory.store.StoredCircuit attach(String name, CircuitBreakerConfig config, TimeSource time,
                    CircuitSignals signals) {
                signals.storeDegraded("unreachable at start");
                return new InMemoryCircuitStore().attach(name, config, time, signals);
            }
        };
        RecordingListener events = new RecordingListener();
        CircuitBreaker breaker = CircuitBreakerFactory.builder().store(degradedAtOnce).listener(events).build()
                .getBreaker("early");

        assertThat(events.drain()).containsExactly(new BreakerCreated("early", breaker.getConfig()),
                new StoreDegraded("early", "flaky", "unreachable at start"));
    }

    @Test
    void anErrorOfAnExcludePredicateIsLoggedAndTheBodysExceptionCounts() {
        CircuitBreaker breaker = CircuitBreakerFactory.builder()
                .defaults(CircuitBreakerConfig.builder()
                        .exclude(IllegalStateException.class, e -> {
                            throw new AssertionError("predicate bug");
                        }).build())
                .build().getBreaker("predicate");
        IllegalStateException body = new IllegalStateException("body");

        assertThatThrownBy(() -> breaker.run(() -> {
            throw body;
        })).isSameAs(body);
        assertThat(breaker.getConsecutiveFailures()).isEqualTo(1);
        assertThat(breaker.permits().classify(body)).isEqualTo(CallClassification.FAILURE);
    }

    @Test
    void anInterruptedCallCountsAsNeitherKeepsTheFlagAndFreesItsTrial() throws Exception {
        CircuitBreaker breaker = CircuitBreakerFactory.builder().timeSource(clock)
                .defaults(CircuitBreakerConfig.builder().threshold(1).ttl(TTL).build())
                .build().getBreaker("interrupted");
        breaker.open();
        clock.advance(TTL.plusNanos(1));
        InterruptedException interrupted = new InterruptedException("stopped");

        try {
            assertThatThrownBy(() -> breaker.call(() -> {
                Thread.currentThread().interrupt();
                throw interrupted;
            })).isSameAs(interrupted);
            assertThat(Thread.currentThread().isInterrupted()).as("flag kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(breaker.getState()).as("neither success nor failure").isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.getSnapshot().trialsInFlight()).isZero();
        assertThat(breaker.getStatistics().count(CallOutcome.FAILURE)).isZero();
        assertThat(breaker.permits().onError(breaker.permits().tryAcquire(), 0, interrupted))
                .as("no fallback for an interruption").isFalse();
    }

    @Test
    void aFatalErrorCountsButIsRethrownUntouchedAndNeverOfferedToAFallback() {
        CircuitBreaker breaker = new CircuitBreakerFactory().getBreaker("fatal");
        OutOfMemoryError fatal = new OutOfMemoryError("heap");

        assertThatThrownBy(() -> breaker.executeAsync(() -> {
            throw fatal;
        })).isSameAs(fatal);
        assertThat(breaker.getConsecutiveFailures()).isEqualTo(1);
        assertThat(breaker.permits().onError(breaker.permits().tryAcquire(), 0, new StackOverflowError()))
                .as("counted, but no fallback").isFalse();
        assertThat(breaker.permits().onError(breaker.permits().tryAcquire(), 0, new IOException("down"))).isTrue();
        assertThat(breaker.permits().classify(fatal)).isEqualTo(CallClassification.FATAL);
    }

    @Test
    void aCountBasedWindowDoesNotReadTheClock() {
        AtomicLong reads = new AtomicLong();
        TimeSource counting = new TimeSource() {
            @Override
            public long nanoTime() {
                reads.incrementAndGet();
                return clock.nanoTime();
            }

            @Override
            public long currentTimeMillis() {
                return clock.currentTimeMillis();
            }
        };
        CircuitBreaker breaker = CircuitBreakerFactory.builder().timeSource(counting)
                .defaults(CircuitBreakerConfig.builder()
                        .window(RateWindow.builder().countBased(10).failureRateThreshold(50).build()).build())
                .build().getBreaker("counting");
        reads.set(0);

        for (int i = 0; i < 100; i++) {
            breaker.run(() -> { });
        }
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("one failure");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(reads).hasValue(0);
        assertThat(breaker.getRates().calls()).isEqualTo(10);
    }
}
