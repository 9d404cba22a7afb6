package io.purgatory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import io.purgatory.RateWindow;
import io.purgatory.SlidingWindowType;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import io.purgatory.event.StateChanged;
import io.purgatory.event.TransitionCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rate conditions decided on the window that every instance feeds through Redis. */
@WithRedisServer
class RedisSharedWindowTest {

    static final Duration SLOW = Duration.ofSeconds(1);

    final RedisServer redis;
    Instances instances;
    ExecutorService threads;

    RedisSharedWindowTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void freshServer() {
        redis.flushAll();
        instances = new Instances(redis);
        threads = Executors.newFixedThreadPool(12);
    }

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        instances.close();
    }

    /** Failures in a row never trip (threshold out of reach): only the window decides. */
    static CircuitBreakerConfig window(int minimumCalls, float failureRate, float slowCallRate) {
        return CircuitBreakerConfig.builder().threshold(1_000_000).ttl(Duration.ofHours(1))
                .window(new RateWindow(SlidingWindowType.TIME_BASED, 100, Duration.ofMinutes(1), minimumCalls,
                        failureRate, slowCallRate, SLOW))
                .build();
    }

    @Test
    void sharedWindowHoldsExactlyEveryCallOfEveryInstanceAndThread() throws Exception {
        CircuitBreakerConfig config = window(1, 90f, 90f);
        // Instances learn the shared totals from their flushes' replies, and, once their calls stop, from resyncs.
        List<Instance> fleet = List.of(instances.instance(Instances.FAST_RESYNC, config),
                instances.instance(Instances.FAST_RESYNC, config), instances.instance(Instances.FAST_RESYNC, config));
        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong slowCalls = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (Instance instance : fleet) {
            CircuitBreaker breaker = instance.breaker("conserved");
            for (int t = 0; t < 4; t++) {
                workers.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 500; i++) {
                        long permit = breaker.permits().tryAcquire();
                        if (i % 10 == 0) {
                            breaker.permits().onError(permit, breaker.permits().callStart(), new IllegalStateException("counted"));
                            failures.incrementAndGet();
                        } else if (i % 7 == 0) {
                            breaker.permits().onSuccess(permit, breaker.permits().callStart() - SLOW.toNanos()); // took SLOW
                            slowCalls.incrementAndGet();
                        } else {
                            breaker.permits().onSuccess(permit, breaker.permits().callStart());
                        }
                        calls.incrementAndGet();
                    }
                    return null;
                }));
            }
        }
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(30, TimeUnit.SECONDS);
        }
        List<Long> expected = List.of(calls.get(), failures.get(), slowCalls.get());

        await().atMost(Duration.ofSeconds(5)).until(() -> windowTotals("conserved").equals(expected));
        await().during(Instances.FAST.refreshInterval().multipliedBy(3)).atMost(Duration.ofSeconds(2))
                .until(() -> windowTotals("conserved").equals(expected)); // later flushes add nothing more
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(fleet).allSatisfy(instance -> {
            var rates = instance.breaker("conserved").getRates();
            assertThat(List.of((long) rates.calls(), (long) rates.failures(), (long) rates.slowCalls()))
                    .isEqualTo(expected);
        }));
        // Never tripped: no transition wrote a cause (the state hash exists only once a failure count was written).
        assertThat(redis.command("HGET", keys("conserved").state(), "cause")).isIn("", null);
    }

    @Test
    void fleetTripsOnTheSharedFailureRateThatNoInstanceReachesAlone() {
        assertFleetTrips(window(30, 50f, 0f), TransitionCause.FAILURE_RATE, (breaker, i) -> {
            long permit = breaker.permits().tryAcquire();
            if (i < 6) {
                breaker.permits().onError(permit, breaker.permits().callStart(), new IllegalStateException("counted"));
            } else {
                breaker.permits().onSuccess(permit, breaker.permits().callStart());
            }
        });
    }

    @Test
    void fleetTripsOnTheSharedSlowCallRateThatNoInstanceReachesAlone() {
        assertFleetTrips(window(30, 0f, 50f), TransitionCause.SLOW_CALL_RATE, (breaker, i) -> {
            long permit = breaker.permits().tryAcquire();
            breaker.permits().onSuccess(permit, i < 6 ? breaker.permits().callStart() - SLOW.toNanos() : breaker.permits().callStart());
        });
    }

    /** One call of an instance's share: the i-th of ten. */
    interface Call {
        void make(CircuitBreaker breaker, int i);
    }

    /** Three instances make ten calls each (six bad): 10 is below the minimum of 30, the 30 together trip. */
    private void assertFleetTrips(CircuitBreakerConfig config, TransitionCause cause, Call call) {
        List<Instance> fleet = List.of(instances.instance(Instances.FAST, config),
                instances.instance(Instances.FAST, config), instances.instance(Instances.FAST, config));
        for (int k = 0; k < fleet.size(); k++) {
            CircuitBreaker breaker = fleet.get(k).breaker("fleet");
            for (int i = 0; i < 10; i++) {
                call.make(breaker, i);
            }
            if (k < 2) {
                int flushed = 10 * (k + 1);
                await().atMost(Duration.ofSeconds(2)).until(() -> breaker.getRates().calls() == flushed);
                assertThat(breaker.getRates().failureRate()).isEqualTo(-1f); // below the minimum: unknown
                assertThat(fleet).allSatisfy(i -> assertThat(i.breaker("fleet").getState()).isEqualTo(CircuitState.CLOSED));
            }
        }

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(1))
                .until(() -> fleet.stream().anyMatch(i -> i.breaker("fleet").getState() == CircuitState.OPEN));
        await().atMost(Instances.FAST.refreshInterval().multipliedBy(2)).pollInterval(Duration.ofMillis(1))
                .until(() -> fleet.stream().allMatch(i -> i.breaker("fleet").getState() == CircuitState.OPEN));

        for (Instance instance : fleet) {
            assertThatThrownBy(() -> instance.breaker("fleet").run(() -> { })).isInstanceOf(CircuitOpenException.class);
        }
        // A transition is published just after its state is visible (by whichever thread delivers the breaker's
        // events), so the events are awaited rather than read at the moment the state reads OPEN.
        Instance tripping = fleet.get(2); // the only one whose flush reached the minimum
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(tripping.events(StateChanged.class))
                .containsExactly(new StateChanged("fleet", CircuitState.CLOSED, CircuitState.OPEN, cause)));
        for (Instance other : fleet.subList(0, 2)) {
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(other.events(StateChanged.class))
                    .containsExactly(new StateChanged("fleet", CircuitState.CLOSED, CircuitState.OPEN,
                            TransitionCause.SHARED_STATE)));
        }
        assertThat(redis.command("HGET", keys("fleet").state(), "cause")).isEqualTo(cause.name());
    }

    private static CircuitKeys keys(String name) {
        return CircuitKeys.of(Instances.FAST.keyPrefix(), name);
    }

    private List<Long> windowTotals(String name) {
        return RedisScriptsTest.windowTotals(redis, name);
    }
}
