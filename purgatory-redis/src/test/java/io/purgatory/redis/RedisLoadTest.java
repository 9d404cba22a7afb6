package io.purgatory.redis;

import static io.purgatory.redis.RedisCircuitStoreTest.NO_REFRESH;
import static io.purgatory.redis.RedisScriptsTest.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.RateWindow;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Redis sees grows with news and transitions, not with calls, failures or quiet circuits (issue 13's
 * load target), and the trip bound the store documents: never before {@code threshold} failures were
 * counted fleet-wide, and within a refresh interval once they were.
 */
@WithRedisServer
class RedisLoadTest {

    private final RedisServer redis;
    private Instances instances;

    RedisLoadTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void setUp() {
        redis.flushAll();
        instances = new Instances(redis);
    }

    @AfterEach
    void tearDown() throws Exception {
        instances.close();
    }

    @Test
    void busyCircuitWithFivePercentFailuresSendsAtMostOneFlushPerRefreshInterval() {
        Instance a = instances.instance(Instances.FAST, CircuitBreakerConfig.builder().threshold(1_000).build());
        CircuitBreaker breaker = a.breaker("partial-outage");
        Map<String, Long> before = redis.commandStats();
        long start = System.nanoTime();
        long calls = 0;
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2)) {
            if (++calls % 20 == 0) {
                failOnce(breaker);
            } else {
                breaker.run(() -> { });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long scripts = scripts(before);
        long cadence = (long) (seconds * 1000 / Instances.FAST.refreshInterval().toMillis()) + 2;

        System.out.printf("[measure] 5%% failures on redis %s: %d calls, %d scripts in %.2f s (refresh interval %d ms;"
                + " one script per failure and per reset before issue 13)%n", redis.version(), calls, scripts, seconds,
                Instances.FAST.refreshInterval().toMillis());
        assertThat(scripts).isLessThanOrEqualTo(cadence);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void quietCircuitsCostNothingButTheHeartbeat() {
        Instance a = instances.instance(Instances.FAST, CircuitBreakerConfig.builder().threshold(5).build());
        for (int i = 0; i < 1_000; i++) {
            a.breaker("quiet-" + i).run(() -> { }); // each attached (one read) and used: active for five minutes
        }
        Instances.settle();
        Map<String, Long> before = redis.commandStats();

        await().pollDelay(Duration.ofSeconds(2)).until(() -> true); // twenty refresh intervals with nothing to say

        assertThat(scripts(before)).as("scripts for 1,000 quiet circuits in 2 s (20,000 reads before issue 13)")
                .isZero();
        assertThat(RedisCircuitStoreTest.commandsSince(redis, before)).containsOnlyKeys("ping").extractingByKey("ping")
                .satisfies(pings -> assertThat(pings).isLessThanOrEqualTo(25L)); // one per refresh interval
    }

    @Test
    void theStoresThreadLooksAtCircuitsWithNewsNotAtEveryCircuitItKnows() {
        Instance a = instances.instance(Instances.FAST, CircuitBreakerConfig.builder().threshold(5).build());
        for (int i = 0; i < 1_000; i++) {
            a.breaker("quiet-" + i).run(() -> { });
        }
        a.factory.reconfigure("windowed", CircuitBreakerConfig.builder().threshold(5)
                .window(RateWindow.builder().countBased(100).minimumCalls(100).failureRateThreshold(50).build()).build());
        CircuitBreaker windowed = a.breaker("windowed");
        Instances.settle();
        await().pollDelay(Instances.FAST.refreshInterval().multipliedBy(3)).until(() -> true); // first visits done
        long before = a.store.circuitVisits();

        for (int i = 0; i < 30; i++) {
            windowed.run(() -> { });
        }
        // No trip and no test helper flushes it: only the store's thread, which found the circuit on its list.
        await().atMost(Duration.ofSeconds(5)).until(() -> windowed.getRates().calls() == 30);
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true); // twenty refresh intervals

        long visits = a.store.circuitVisits() - before;
        System.out.printf("[measure] store thread on redis %s: %d circuit visits in about 22 refresh intervals with"
                + " 1,001 circuits, one of them busy%n", redis.version(), visits);
        assertThat(visits).as("circuits looked at; every circuit every interval is more than 22,000")
                .isLessThanOrEqualTo(1_001 + 50); // at most one scan (a tenth of resync-interval apart) and the busy one
    }

    @Test
    void theFirstInstanceWithThresholdFailuresInARowOpensTheCircuitForTheFleetAndNoneBefore() {
        CircuitBreakerConfig fiveFailures = CircuitBreakerConfig.builder().threshold(5).ttl(Duration.ofHours(1)).build();
        Instance a = instances.instance(Instances.FAST, fiveFailures);
        Instance b = instances.instance(Instances.FAST, fiveFailures);
        for (int i = 0; i < 4; i++) {
            fail(a.breaker("together"));
            fail(b.breaker("together"));
        }

        // Eight failures fleet-wide, four in a row on each instance: nothing opened.
        assertThat(a.breaker("together").getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(b.breaker("together").getState()).isEqualTo(CircuitState.CLOSED);

        failOnce(b.breaker("together")); // b's fifth in a row: sent at once
        long fifth = System.nanoTime();
        await().atMost(Instances.FAST.refreshInterval().multipliedBy(2)).pollInterval(Duration.ofMillis(1))
                .until(() -> a.breaker("together").getState() == CircuitState.OPEN
                        && b.breaker("together").getState() == CircuitState.OPEN);
        System.out.printf("[measure] fifth failure in a row on b to OPEN on both instances: %.1f ms%n",
                (System.nanoTime() - fifth) / 1e6);
    }

    @Test
    void scatteredFailuresOfManyInstancesNeverAddUpToATrip() {
        // Ten instances whose failures interleave, as during a partial outage: fleet-wide, twenty failures come in
        // a row between two rounds of successes (a fleet-wide count trips at the third); per instance, two.
        CircuitBreakerConfig threeFailures = CircuitBreakerConfig.builder().threshold(3).ttl(Duration.ofHours(1)).build();
        List<Instance> fleet = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            fleet.add(instances.instance(Instances.FAST, threeFailures));
        }
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 2; i++) {
                for (Instance instance : fleet) {
                    failOnce(instance.breaker("scattered"));
                }
            }
            for (Instance instance : fleet) {
                instance.breaker("scattered").run(() -> { });
            }
        }
        Instances.settle();

        assertThat(fleet).allSatisfy(instance ->
                assertThat(instance.breaker("scattered").getState()).isEqualTo(CircuitState.CLOSED));
    }

    @Test
    void aFailureThatReachesTheThresholdOnItsOwnInstanceIsSentAtOnce() {
        // No refresh cadence at all: only the trip itself can have sent the count.
        Instance a = instances.instance(NO_REFRESH, CircuitBreakerConfig.builder().threshold(3).ttl(Duration.ofHours(1))
                .build());
        CircuitBreaker breaker = a.breaker("at-once");
        for (int i = 0; i < 3; i++) {
            failOnce(breaker);
        }

        await().atMost(Duration.ofSeconds(1)).until(() -> breaker.getState() == CircuitState.OPEN);
    }

    /** A failed call, without waiting for anything to reach Redis (unlike {@link RedisScriptsTest#fail}). */
    private static void failOnce(CircuitBreaker breaker) {
        try {
            breaker.run(() -> {
                throw new IllegalStateException("down");
            });
        } catch (IllegalStateException expected) {
            // the body's own exception
        }
    }

    private long scripts(Map<String, Long> before) {
        return RedisCircuitStoreTest.commandsSince(redis, before).entrySet().stream()
                .filter(e -> e.getKey().startsWith("eval")).mapToLong(Map.Entry::getValue).sum();
    }
}
