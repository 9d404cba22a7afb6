package io.purgatory.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.autoconfigure.testing.BootAutoConfigurations;
import io.purgatory.redis.RedisCircuitStore;
import io.purgatory.redis.testing.RedisSentinelSetup;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The Redis store behind Sentinel, configured the way Boot configures the application's client
 * ({@code spring.data.redis.sentinel.*}): a master, a replica and a Sentinel, then the master is
 * killed. Callers never see an error, and the store follows the promoted replica.
 */
@Tag("redis")
class RedisSentinelFailoverTest {

    private RedisSentinelSetup sentinel;

    @BeforeEach
    void startSentinelSetup() {
        sentinel = RedisSentinelSetup.start();
    }

    @AfterEach
    void stopSentinelSetup() {
        sentinel.close();
    }

    @Test
    void theStoreFollowsTheNewMasterAfterTheOldOneDies() {
        new ApplicationContextRunner()
                .withConfiguration(BootAutoConfigurations.redis())
                .withConfiguration(AutoConfigurations.of(PurgatoryRedisAutoConfiguration.class,
                        PurgatoryAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.sentinel.master=" + RedisSentinelSetup.MASTER_NAME,
                        "spring.data.redis.sentinel.nodes=" + sentinel.host() + ":" + sentinel.sentinelPort(),
                        "purgatory.store.type=redis", "purgatory.store.redis.key-prefix=sentinel-test",
                        "purgatory.store.redis.max-retry-interval=500ms",
                        "purgatory.defaults.threshold=1", "purgatory.defaults.ttl=1h")
                .run(context -> {
                    RedisCircuitStore store = context.getBean(RedisCircuitStore.class);
                    CircuitBreakerFactory breakers = context.getBean(CircuitBreakerFactory.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> !store.isDegraded());
                    fail(breakers.getBreaker("before")); // sent at once; the caller does not wait for it
                    await().atMost(Duration.ofSeconds(2)).until(() -> "OPEN".equals(
                            sentinel.command(sentinel.masterPort(), "HGET", "sentinel-test:{before}:s", "state")));
                    sentinel.command(sentinel.masterPort(), "WAIT", "1", "2000"); // the replica has the trip

                    sentinel.killMaster();
                    long killed = System.nanoTime();
                    CircuitBreaker during = breakers.getBreaker("during");
                    // Through detection (1 s), promotion and the store's reconnection: every call just works.
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                        assertThat(during.get(() -> "ok")).isEqualTo("ok");
                        return sentinel.currentMasterPort() == sentinel.replicaPort() && !store.isDegraded();
                    });

                    System.out.printf("[measure] Sentinel failover: store shares state again %d ms after the kill%n",
                            Duration.ofNanos(System.nanoTime() - killed).toMillis());
                    fail(breakers.getBreaker("after"));
                    await("written to the promoted replica").atMost(Duration.ofSeconds(2)).until(() -> "OPEN"
                            .equals(sentinel.command(sentinel.replicaPort(), "HGET", "sentinel-test:{after}:s", "state")));
                    assertThat(breakers.getBreaker("before").getState()).as("the trip from before the failover")
                            .isEqualTo(CircuitState.OPEN);
                });
    }

    private static void fail(CircuitBreaker breaker) {
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
    }
}
