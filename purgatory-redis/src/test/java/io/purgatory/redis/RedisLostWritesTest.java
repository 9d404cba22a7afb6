package io.purgatory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisURI;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import io.purgatory.redis.testing.RedisSentinelSetup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A failover to a replica that never received the last transition: the trip one instance wrote is
 * gone from the new master, so the shared state goes back to an older version. No instance may stay
 * OPEN (or HALF_OPEN) longer than one open period because of it: each recovers through its own trial.
 */
@Tag("redis")
class RedisLostWritesTest {

    private static final Duration OPEN_PERIOD = Duration.ofSeconds(2);
    private static final RedisStoreSettings SETTINGS = new RedisStoreSettings("lost-writes", Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofHours(1),
            Duration.ofMinutes(5), Duration.ofMillis(300));

    private RedisSentinelSetup sentinel;
    private final List<RedisCircuitStore> stores = new ArrayList<>();

    @BeforeEach
    void start() {
        sentinel = RedisSentinelSetup.start();
    }

    @AfterEach
    void stop() {
        stores.forEach(RedisCircuitStore::close);
        sentinel.close();
    }

    @Test
    void aTripLostInTheFailoverKeepsNoInstanceOpenLongerThanOneOpenPeriod() {
        CircuitBreaker onA = instance().getBreaker("lost");
        CircuitBreaker onB = instance().getBreaker("lost");
        onA.run(() -> { });
        onB.run(() -> { });

        sentinel.cutOffReplica(); // it will never hear of the trip
        assertThatThrownBy(() -> onA.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        long tripped = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).until(() -> onB.getState() == CircuitState.OPEN);
        sentinel.killMaster();
        sentinel.thawReplica();
        await().atMost(Duration.ofSeconds(30)).until(() -> sentinel.currentMasterPort() == sentinel.replicaPort());
        assertThat(sentinel.command(sentinel.replicaPort(), "HGET", "lost-writes:{lost}:s", "state"))
                .as("the promoted replica never saw the trip").isNotEqualTo("OPEN");

        // One open period after the trip, plus the store's recovery (retries every 300 ms) and a margin.
        Duration bound = OPEN_PERIOD.plusSeconds(3);
        for (CircuitBreaker breaker : List.of(onA, onB)) {
            await().atMost(bound.minusNanos(System.nanoTime() - tripped)).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions().until(() -> "ok".equals(breaker.get(() -> "ok"))
                            && breaker.getState() == CircuitState.CLOSED);
            System.out.printf("[measure] lost trip: an instance closed again %d ms after the trip (open period %d ms)%n",
                    Duration.ofNanos(System.nanoTime() - tripped).toMillis(), OPEN_PERIOD.toMillis());
        }
    }

    private CircuitBreakerFactory instance() {
        RedisURI uri = RedisURI.Builder.sentinel(sentinel.host(), sentinel.sentinelPort(), RedisSentinelSetup.MASTER_NAME)
                .build();
        RedisCircuitStore store = RedisCircuitStore.connect(uri, SETTINGS);
        stores.add(store);
        return CircuitBreakerFactory.builder().store(store)
                .defaults(CircuitBreakerConfig.builder().threshold(1).ttl(OPEN_PERIOD).build()).build();
    }
}
