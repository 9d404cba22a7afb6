package io.purgatory.redis;

import static io.purgatory.redis.RedisScriptsTest.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import io.purgatory.event.StateChanged;
import io.purgatory.event.TransitionCause;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** States an operator forces on one instance: every instance obeys them, and only a release ends them. */
@WithRedisServer
class RedisForcedStateTest {

    /** Keys of untouched circuits would expire after 300 ms (the open period is far shorter). */
    static final RedisStoreSettings SHORT_KEY_TTL = new RedisStoreSettings("purgatory-test", Duration.ofMillis(200),
            Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(300),
            Duration.ofMinutes(5), Duration.ofMillis(300));

    static final CircuitBreakerConfig THREE_FAILURES = CircuitBreakerConfig.builder().threshold(3)
            .ttl(Duration.ofHours(1)).build();

    static final CircuitBreakerConfig SHORT_OPEN_PERIOD = CircuitBreakerConfig.builder().threshold(3)
            .ttl(Duration.ofMillis(50)).build();

    final RedisServer redis;
    Instances instances;

    RedisForcedStateTest(RedisServer redis) {
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

    @Test
    void forcedOpenOnOneInstanceRejectsOnEveryOtherUntilReleased() {
        Instance a = instances.instance(Instances.FAST, THREE_FAILURES);
        Instance b = instances.instance(Instances.FAST, THREE_FAILURES);
        CircuitBreaker onB = b.breaker("forced-open");
        AtomicInteger bodiesOnB = new AtomicInteger();

        a.breaker("forced-open").transitionTo(CircuitState.FORCED_OPEN);

        await().atMost(Instances.FAST.refreshInterval().multipliedBy(2)).until(() -> onB.getState() == CircuitState.FORCED_OPEN);
        assertThatThrownBy(() -> onB.run(bodiesOnB::incrementAndGet)).isInstanceOf(CircuitOpenException.class);
        assertThat(bodiesOnB).hasValue(0);

        a.breaker("forced-open").reset();

        await().atMost(Instances.FAST.refreshInterval().multipliedBy(2)).until(() -> onB.getState() == CircuitState.CLOSED);
        onB.run(bodiesOnB::incrementAndGet);
        assertThat(bodiesOnB).hasValue(1);
        // Published just after the state is visible, possibly by the thread delivering this breaker's events.
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(b.events(StateChanged.class))
                .containsExactly(
                new StateChanged("forced-open", CircuitState.CLOSED, CircuitState.FORCED_OPEN, TransitionCause.SHARED_STATE),
                new StateChanged("forced-open", CircuitState.FORCED_OPEN, CircuitState.CLOSED, TransitionCause.SHARED_STATE)));
    }

    @Test
    void disabledOnOneInstanceLetsEveryCallThroughOnEveryOtherUntilReleased() {
        Instance a = instances.instance(Instances.FAST, THREE_FAILURES);
        Instance b = instances.instance(Instances.FAST, THREE_FAILURES);
        CircuitBreaker onB = b.breaker("disabled");

        a.breaker("disabled").transitionTo(CircuitState.DISABLED);

        await().atMost(Instances.FAST.refreshInterval().multipliedBy(2)).until(() -> onB.getState() == CircuitState.DISABLED);
        for (int i = 0; i < 10; i++) {
            fail(onB);
        }
        assertThat(onB.getState()).isEqualTo(CircuitState.DISABLED);
        assertThat(onB.get(() -> "runs")).isEqualTo("runs");

        a.breaker("disabled").reset();

        await().atMost(Instances.FAST.refreshInterval().multipliedBy(2)).until(() -> onB.getState() == CircuitState.CLOSED);
        for (int i = 0; i < 3; i++) {
            fail(onB);
        }
        assertThat(onB.getState()).isEqualTo(CircuitState.OPEN);
    }

    @ParameterizedTest
    @EnumSource(names = {"FORCED_OPEN", "DISABLED"})
    void forcedStateOutlivesTheKeyTtlUntilReleased(CircuitState forced) {
        Instance a = instances.instance(SHORT_KEY_TTL, SHORT_OPEN_PERIOD);
        String state = CircuitKeys.of(SHORT_KEY_TTL.keyPrefix(), "forced").state();

        a.breaker("forced").transitionTo(forced);

        assertThat(redis.command("PTTL", state)).as("PTTL of a forced state").isEqualTo(-1L);
        await().during(SHORT_KEY_TTL.keyTtl().multipliedBy(3)).atMost(Duration.ofSeconds(3))
                .until(() -> forced.name().equals(redis.command("HGET", state, "state")));
        Instance late = instances.instance(SHORT_KEY_TTL, SHORT_OPEN_PERIOD); // attaches after several key TTLs
        assertThat(late.breaker("forced").getState()).isEqualTo(forced);

        a.breaker("forced").reset();

        assertThat((Long) redis.command("PTTL", state)).as("PTTL once released").isPositive();
    }
}
