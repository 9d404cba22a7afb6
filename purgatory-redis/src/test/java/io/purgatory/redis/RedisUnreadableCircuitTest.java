package io.purgatory.redis;

import static io.purgatory.redis.RedisScriptsTest.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One circuit whose shared state this version cannot read harms neither the store nor the other circuits. */
@WithRedisServer
class RedisUnreadableCircuitTest {

    static final CircuitBreakerConfig THREE_FAILURES = CircuitBreakerConfig.builder().threshold(3)
            .ttl(Duration.ofHours(1)).build();

    final RedisServer redis;
    Instances instances;

    RedisUnreadableCircuitTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void freshServer() {
        redis.flushAll();
        instances = new Instances(redis);
    }

    @AfterEach
    void close() throws Exception {
        redis.ensureRunning();
        instances.close();
    }

    @Test
    void unknownStateCountsAsClosedAndTheOtherCircuitsStillShareTheirState() {
        Instance a = instances.instance(Instances.FAST, THREE_FAILURES);
        Instance b = instances.instance(Instances.FAST, THREE_FAILURES);
        CircuitBreaker unreadable = a.breaker("unreadable");
        CircuitBreaker other = a.breaker("other");
        unreadable.run(() -> { }); // both active, so both are refreshed
        other.run(() -> { });

        writeUnknownState("unreadable");
        await().during(Instances.FAST.refreshInterval().multipliedBy(3)).atMost(Duration.ofSeconds(2))
                .until(() -> !a.store.isDegraded());
        fail(unreadable); // a script whose reply carries the unknown state
        for (int i = 0; i < 3; i++) {
            fail(b.breaker("other"));
        }

        await().atMost(Instances.FAST.refreshInterval().multipliedBy(2)).until(() -> other.getState() == CircuitState.OPEN);
        assertThat(unreadable.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(unreadable.get(() -> "runs")).isEqualTo("runs");
        assertThat(a.store.degradedEpisodes()).isZero();
    }

    @Test
    void unknownStateDoesNotKeepTheStoreFromRecovering() {
        assumeThat(redis.isManaged()).as("needs a redis-server this test may stop").isTrue();
        Instance a = instances.instance(Instances.FAST, THREE_FAILURES);
        a.breaker("unreadable").run(() -> { });
        CircuitBreaker other = a.breaker("other");
        redis.stop();
        fail(other);
        await().atMost(Duration.ofSeconds(2)).until(a.store::isDegraded);

        redis.restart();
        writeUnknownState("unreadable"); // recovery re-reads every circuit, this one too

        await().atMost(Duration.ofSeconds(3)).until(() -> !a.store.isDegraded());
        await().during(Instances.FAST.refreshInterval().multipliedBy(3)).atMost(Duration.ofSeconds(2))
                .until(() -> !a.store.isDegraded());
        assertThat(a.store.degradedEpisodes()).isEqualTo(1);
    }

    /** A state a newer version might write, or an operator by hand. */
    private void writeUnknownState(String name) {
        redis.command("HSET", CircuitKeys.of(Instances.FAST.keyPrefix(), name).state(), "state", "METERED", "ver", "7");
    }
}
