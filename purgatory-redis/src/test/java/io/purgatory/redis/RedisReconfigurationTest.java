package io.purgatory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitPermits;
import io.purgatory.CircuitState;
import io.purgatory.RateWindow;
import io.purgatory.event.ConfigChanged;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runtime reconfiguration of circuits whose state lives in Redis: the shared state (count, open
 * deadline, leases, window) is kept, and every script judges it by the settings it is sent from then on.
 */
@WithRedisServer
class RedisReconfigurationTest {

    private final RedisServer redis;
    private Instances instances;

    RedisReconfigurationTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void freshServer() {
        redis.flushAll();
        instances = new Instances(redis);
    }

    @AfterEach
    void close() throws Exception {
        instances.close();
    }

    private static CircuitBreakerConfig.Builder config() {
        return CircuitBreakerConfig.builder().ttl(Duration.ofHours(1));
    }

    private static void fail(CircuitBreaker breaker, int times) {
        CircuitPermits permits = breaker.permits();
        for (int i = 0; i < times; i++) {
            long permit = permits.tryAcquire();
            permits.onError(permit, permits.callStart(), new IllegalStateException("down"));
        }
        Instances.settle();
    }

    private Object field(String name, String field) {
        return redis.command("HGET", CircuitKeys.of(Instances.FAST.keyPrefix(), name).state(), field);
    }

    @Test
    void theCountIsKeptAndALowerThresholdOpensOnTheNextFailure() {
        Instance a = instances.instance(Instances.FAST, config().threshold(10).build());
        Instance b = instances.instance(Instances.FAST, config().threshold(10).build());
        fail(a.breaker("count"), 4);

        // What a fleet-wide refresh does: every instance takes the new settings.
        a.factory.reconfigure("count", config().threshold(3).build());
        b.factory.reconfigure("count", config().threshold(3).build());

        assertThat(a.breaker("count").getConsecutiveFailures()).isEqualTo(4);
        assertThat(a.breaker("count").getState()).isEqualTo(CircuitState.CLOSED);
        fail(a.breaker("count"), 1);
        await().atMost(Duration.ofSeconds(1)).until(() -> b.breaker("count").getState() == CircuitState.OPEN);
        assertThat(a.events(ConfigChanged.class)).hasSize(1);
    }

    @Test
    void anOpenPeriodInProgressKeepsItsDeadline() {
        Instance a = instances.instance(Instances.FAST, config().threshold(1).build());
        fail(a.breaker("open"), 1);
        Object deadline = field("open", "open_until");

        a.factory.reconfigure("open", config().threshold(1).ttl(Duration.ofMillis(1)).build());

        assertThat(field("open", "open_until")).isEqualTo(deadline);
        assertThat(a.breaker("open").permits().tryAcquire()).as("still open for the hour")
                .isEqualTo(CircuitPermits.REJECTED);
        assertThat(a.breaker("open").getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void leasesInFlightKeepTheirSlotsWhenHalfOpenCallsShrinks() {
        Instance a = instances.instance(Instances.FAST, config().halfOpenCalls(3).halfOpenSuccesses(1).build());
        CircuitBreaker breaker = a.breaker("leases");
        breaker.transitionTo(CircuitState.HALF_OPEN);
        CircuitPermits permits = breaker.permits();
        long first = permits.tryAcquire();
        long second = permits.tryAcquire();
        assertThat(List.of(first, second)).doesNotContain(CircuitPermits.REJECTED);

        a.factory.reconfigure("leases", config().halfOpenCalls(1).build());

        assertThat(permits.tryAcquire()).as("two leases held, one allowed").isEqualTo(CircuitPermits.REJECTED);
        permits.release(first);
        assertThat(permits.tryAcquire()).as("one lease held, one allowed").isEqualTo(CircuitPermits.REJECTED);
        permits.onSuccess(second, permits.callStart());
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(field("leases", "state")).isEqualTo("CLOSED");
    }

    @Test
    void aRoundWhoseSuccessesReachTheNewRequirementClosesOnTheNextCall() {
        Instance a = instances.instance(Instances.FAST, config().halfOpenCalls(3).build());
        CircuitBreaker breaker = a.breaker("round");
        breaker.transitionTo(CircuitState.HALF_OPEN);
        CircuitPermits permits = breaker.permits();
        for (int i = 0; i < 2; i++) {
            permits.onSuccess(permits.tryAcquire(), permits.callStart());
        }
        assertThat(field("round", "ok")).isEqualTo("2");

        a.factory.reconfigure("round", config().halfOpenCalls(2).build());

        // Two successes, two slots: no lease could be granted any more; the next call closes the round.
        long permit = permits.tryAcquire();
        assertThat(permit).isNotEqualTo(CircuitPermits.REJECTED);
        assertThat(field("round", "state")).isEqualTo("CLOSED");
        assertThat(field("round", "cause")).isEqualTo("TRIAL_SUCCEEDED");
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    private static CircuitBreakerConfig rate(int size, int minimumCalls) {
        return config().threshold(1_000)
                .window(RateWindow.builder().countBased(size).minimumCalls(minimumCalls).failureRateThreshold(50).build())
                .build();
    }

    private static void succeed(CircuitBreaker breaker, int times) {
        CircuitPermits permits = breaker.permits();
        for (int i = 0; i < times; i++) {
            permits.onSuccess(permits.tryAcquire(), permits.callStart());
        }
    }

    @Test
    void theSharedWindowKeepsItsCallsWhenItsShapeIsUnchanged() {
        Instance a = instances.instance(Instances.FAST, rate(100, 100));
        CircuitBreaker breaker = a.breaker("same");
        fail(breaker, 3);
        succeed(breaker, 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> RedisScriptsTest.windowTotals(redis, "same")
                .equals(List.of(6L, 3L, 0L)));

        a.factory.reconfigure("same", rate(100, 7));

        fail(breaker, 1); // 4 of 7 calls failed: the next flush trips
        await().atMost(Duration.ofSeconds(5)).until(() -> "OPEN".equals(field("same", "state")));
        assertThat(field("same", "cause")).isEqualTo("FAILURE_RATE");
    }

    @Test
    void theSharedWindowStartsEmptyWhenItsShapeChanges() {
        Instance a = instances.instance(Instances.FAST, rate(100, 100));
        CircuitBreaker breaker = a.breaker("reshaped");
        fail(breaker, 3);
        succeed(breaker, 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> RedisScriptsTest.windowTotals(redis, "reshaped")
                .equals(List.of(6L, 3L, 0L)));

        a.factory.reconfigure("reshaped", rate(20, 7));

        succeed(breaker, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> RedisScriptsTest.windowTotals(redis, "reshaped")
                .equals(List.of(1L, 0L, 0L)));
        await().atMost(Duration.ofSeconds(5)).until(() -> breaker.getRates().calls() == 1);
        assertThat(breaker.getRates().windowCapacity()).isEqualTo(20);
        assertThat(field("reshaped", "state")).as("never tripped").isIn("CLOSED", null);
    }

    @Test
    void reconfiguringWhileThreadsCallKeepsEveryCountAndTripsOnce() throws Exception {
        CircuitBreakerConfig low = config().threshold(200).build();
        CircuitBreakerConfig high = config().threshold(300)
                .window(RateWindow.builder().countBased(50).minimumCalls(50).slowCallRateThreshold(100, Duration.ofHours(1))
                        .build())
                .build();
        Instance a = instances.instance(Instances.FAST, low);
        CircuitBreaker breaker = a.breaker("raced");
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(5);
        try {
            java.util.concurrent.atomic.AtomicBoolean calling = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.CountDownLatch firstChange = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.Future<Integer> reconfigurer = threads.submit(() -> {
                int changes = 0;
                while (calling.get()) {
                    a.factory.reconfigure("raced", changes % 2 == 0 ? high : low);
                    changes++;
                    firstChange.countDown();
                }
                return changes;
            });
            List<java.util.concurrent.Future<Integer>> callers = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                callers.add(threads.submit(() -> {
                    firstChange.await();
                    int unexpected = 0;
                    for (int i = 0; i < 150; i++) {
                        try {
                            breaker.run(() -> {
                                throw new IllegalStateException("down");
                            });
                        } catch (IllegalStateException | io.purgatory.CircuitOpenException expected) {
                            // the body's failure, or a rejection once open
                        } catch (RuntimeException other) {
                            unexpected++;
                        }
                    }
                    return unexpected;
                }));
            }
            for (java.util.concurrent.Future<Integer> caller : callers) {
                assertThat(caller.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
            }
            calling.set(false);
            assertThat(reconfigurer.get(60, java.util.concurrent.TimeUnit.SECONDS)).isGreaterThan(1);
        } finally {
            threads.shutdownNow();
        }
        // The trip is sent without the caller waiting: its reply, which brings this instance the transition, may
        // still be on its way when the callers end.
        Instances.settle();
        long total = 0;
        for (io.purgatory.CallOutcome outcome : io.purgatory.CallOutcome.values()) {
            total += breaker.getStatistics().count(outcome);
        }
        assertThat(total).as("every call counted once").isEqualTo(600);
        // 600 failures in a row reach either threshold: the shared circuit tripped once, on the count.
        assertThat(field("raced", "state")).isEqualTo("OPEN");
        assertThat(field("raced", "cause")).isEqualTo("CONSECUTIVE_FAILURES");
        assertThat(a.events(io.purgatory.event.StateChanged.class)).as("one transition").hasSize(1);
        assertThat(a.store.degradedEpisodes()).isZero();
    }

    @Test
    void aRateConditionCanBeSwitchedOnForACircuitThatHadNone() {
        Instance a = instances.instance(Instances.FAST, config().threshold(1_000).build());
        CircuitBreaker breaker = a.breaker("appears");
        fail(breaker, 2);

        a.factory.reconfigure("appears", rate(10, 4));

        succeed(breaker, 1);
        fail(breaker, 3); // 3 of 4 in the new window
        await().atMost(Duration.ofSeconds(5)).until(() -> "OPEN".equals(field("appears", "state")));
        assertThat(field("appears", "cause")).isEqualTo("FAILURE_RATE");
    }
}
