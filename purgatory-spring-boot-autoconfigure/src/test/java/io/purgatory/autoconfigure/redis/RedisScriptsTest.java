package io.purgatory.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.autoconfigure.redis.Instances.Instance;
import io.purgatory.autoconfigure.redis.testing.RedisServer;
import io.purgatory.autoconfigure.redis.testing.WithRedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scripts' invariants against a real standalone server; {@link RedisScriptsClusterTest} repeats them on a cluster. */
@WithRedisServer
class RedisScriptsTest {

    static final CircuitBreakerConfig ONE_FAILURE_TRIPS = CircuitBreakerConfig.builder().threshold(1)
            .ttl(Duration.ofMillis(300)).build();

    final RedisServer redis;
    Instances instances;

    RedisScriptsTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void freshServer() {
        redis.flushAll();
        instances = new Instances(redis);
    }

    @AfterEach
    void closeInstances() throws Exception {
        instances.close();
    }

    @Test
    void failuresCountUpToTheThresholdThenOpenWithVersionOne() {
        Instance a = instances.instance(Instances.FAST, CircuitBreakerConfig.builder().threshold(3).ttl(Duration.ofHours(1)).build());
        CircuitBreaker breaker = a.breaker("count");

        fail(breaker);
        fail(breaker);
        assertThat(hash("count")).containsEntry("state", "CLOSED").containsEntry("fail", "2").containsEntry("ver", "0");
        fail(breaker);

        assertThat(hash("count")).containsEntry("state", "OPEN").containsEntry("fail", "0").containsEntry("ver", "1")
                .containsEntry("cause", "CONSECUTIVE_FAILURES").containsEntry("by", a.store.instanceId());
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aSuccessResetsANonZeroCount() {
        Instance a = instances.instance(Instances.FAST, CircuitBreakerConfig.builder().threshold(3).build());
        CircuitBreaker breaker = a.breaker("reset");
        fail(breaker);

        breaker.run(() -> { });

        assertThat(hash("reset")).containsEntry("fail", "0");
        assertThat(breaker.getConsecutiveFailures()).isZero();
    }

    @Test
    void staleForcedTransitionWithAnOldVersionChangesNothing() {
        Instance a = instances.instance(Instances.FAST, ONE_FAILURE_TRIPS);
        RedisCircuit circuit = a.circuit("fenced");
        long seen = circuit.shared().version();
        assertThat(circuit.transitionTo(CircuitState.FORCED_OPEN, seen)).isTrue();
        Map<String, String> before = hash("fenced");
        Object ttlBefore = redis.command("PTTL", keys("fenced").state());

        boolean applied = circuit.transitionTo(CircuitState.CLOSED, seen);

        assertThat(applied).isFalse();
        assertThat(hash("fenced")).isEqualTo(before);
        assertThat((Long) redis.command("PTTL", keys("fenced").state())).isLessThanOrEqualTo((Long) ttlBefore);
    }

    @Test
    void staleTrialOutcomeOfAnEarlierRoundChangesNothing() {
        Instance a = instances.instance(Instances.FAST, ONE_FAILURE_TRIPS);
        CircuitBreaker breaker = a.breaker("stale-trial");
        fail(breaker);
        long permit = awaitTrialPermit(breaker);
        a.circuit("stale-trial").transitionTo(CircuitState.HALF_OPEN, -1); // a new round starts
        Map<String, String> before = hash("stale-trial");

        breaker.onSuccess(permit, breaker.callStart());

        assertThat(hash("stale-trial")).isEqualTo(before);
        assertThat(breaker.getState()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void trialSuccessClosesAndTrialFailureReopensWithANewVersionEachTime() {
        Instance a = instances.instance(Instances.FAST, ONE_FAILURE_TRIPS);
        CircuitBreaker breaker = a.breaker("trial");
        fail(breaker);
        long permit = awaitTrialPermit(breaker);
        assertThat(hash("trial")).containsEntry("state", "HALF_OPEN").containsEntry("ver", "2");

        breaker.onError(permit, breaker.callStart(), new IllegalStateException("still down"));
        assertThat(hash("trial")).containsEntry("state", "OPEN").containsEntry("ver", "3").containsEntry("reopen", "1");

        long second = awaitTrialPermit(breaker);
        breaker.onSuccess(second, breaker.callStart());
        assertThat(hash("trial")).containsEntry("state", "CLOSED").containsEntry("ver", "5");
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void everyKeyWrittenHasATtl() {
        Instance a = instances.instance(Instances.FAST, ONE_FAILURE_TRIPS);
        CircuitBreaker breaker = a.breaker("ttl");
        fail(breaker);
        awaitTrialPermit(breaker); // writes the state hash and a lease
        a.circuit("other").transitionTo(CircuitState.DISABLED, -1);

        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) redis.command("KEYS", Instances.FAST.keyPrefix() + ":*");

        assertThat(keys).hasSize(3);
        for (String key : keys) {
            assertThat((Long) redis.command("PTTL", key)).as("PTTL of %s", key).isPositive();
        }
    }

    @Test
    void bothKeysOfACircuitMapToOneSlot() {
        for (String name : List.of("payments", "}x", "a{b}c")) {
            CircuitKeys keys = keys(name);
            assertThat(SlotHash.getSlot(keys.leases())).isEqualTo(SlotHash.getSlot(keys.state()));
        }
    }

    static void fail(CircuitBreaker breaker) {
        try {
            breaker.run(() -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the body's own exception
        }
    }

    static long awaitTrialPermit(CircuitBreaker breaker) {
        AtomicLong permit = new AtomicLong();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    permit.set(breaker.tryAcquirePermission());
                    return permit.get() > 0;
                });
        return permit.get();
    }

    CircuitKeys keys(String name) {
        return CircuitKeys.of(Instances.FAST.keyPrefix(), name);
    }

    Map<String, String> hash(String name) {
        @SuppressWarnings("unchecked")
        List<Object> flat = (List<Object>) redis.command("HGETALL", keys(name).state());
        Map<String, String> map = new java.util.TreeMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            map.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return map;
    }
}
