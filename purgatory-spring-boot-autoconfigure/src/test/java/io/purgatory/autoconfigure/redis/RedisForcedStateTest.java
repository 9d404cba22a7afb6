package io.purgatory.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.autoconfigure.redis.Instances.Instance;
import io.purgatory.autoconfigure.redis.testing.RedisServer;
import io.purgatory.autoconfigure.redis.testing.WithRedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** States an operator forces on one instance: every instance obeys them, and only a release ends them. */
@WithRedisServer
class RedisForcedStateTest {

    /** Keys of untouched circuits would expire after 300 ms (the open period is far shorter). */
    static final RedisStoreSettings SHORT_KEY_TTL = new RedisStoreSettings("purgatory-test", Duration.ofMillis(200),
            Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(300),
            Duration.ofMinutes(5), Duration.ofMillis(300));

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
