package io.purgatory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerGroup;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-key circuits in the Redis store: shared fleet-wide like named ones, and forgotten when their group evicts them. */
@WithRedisServer
class RedisKeyedCircuitsTest {

    private static final CircuitBreakerConfig TEN_KEYS = CircuitBreakerConfig.builder().threshold(1)
            .ttl(Duration.ofHours(1)).maxKeys(10).build();

    private final RedisServer redis;
    private Instances instances;

    RedisKeyedCircuitsTest(RedisServer redis) {
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
    void aKeysCircuitIsSharedAcrossInstancesWhileOtherKeysStayClosed() {
        Instance a = instances.instance(Instances.FAST, TEN_KEYS);
        Instance b = instances.instance(Instances.FAST, TEN_KEYS);
        b.factory.getGroup("tenants").breaker("acme").run(() -> { });

        assertThatThrownBy(() -> a.factory.getGroup("tenants").breaker("acme").run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);

        await().atMost(Duration.ofSeconds(2))
                .until(() -> b.factory.getGroup("tenants").breaker("acme").getState() == CircuitState.OPEN);
        assertThatThrownBy(() -> b.factory.getGroup("tenants").breaker("acme").run(() -> { }))
                .isInstanceOf(CircuitOpenException.class);
        assertThat(b.factory.getGroup("tenants").breaker("globex").get(() -> "ok")).isEqualTo("ok");
    }

    @Test
    void evictedKeysLeaveTheStoreSoItsMemoryStaysBounded() {
        Instance a = instances.instance(Instances.FAST, TEN_KEYS);
        CircuitBreakerGroup tenants = a.factory.getGroup("tenants");

        for (int i = 0; i < 200; i++) {
            tenants.breaker("tenant-" + i).run(() -> { });
        }

        assertThat(tenants.size()).isLessThanOrEqualTo(10);
        assertThat(a.store.circuits()).as("circuits the store still keeps and refreshes")
                .hasSizeLessThanOrEqualTo(tenants.size() + 1); // + the group's shared circuit, if it exists
    }
}
