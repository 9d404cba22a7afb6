package io.purgatory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A script whose connection is cut while it waits must never run later: Lettuce would re-send
 * commands in flight after its own reconnect, so a failure the caller already decided locally would
 * count again in Redis, a trial lease would be taken for no one, an old forced state could land after
 * a newer one. The store's connection sends each script at most once.
 */
@WithRedisServer
class RedisReplayTest {

    private static final CircuitBreakerConfig ONE_FAILURE_SHORT_OPEN = CircuitBreakerConfig.builder().threshold(1)
            .ttl(Duration.ofMillis(200)).build();

    private final RedisServer redis;
    private Instances instances;

    RedisReplayTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void setUp() {
        redis.flushAll();
        instances = new Instances(redis);
    }

    @AfterEach
    void tearDown() throws Exception {
        redis.command("CLIENT", "UNPAUSE");
        instances.close();
    }

    @Test
    void aScriptCutOffInFlightIsNotReplayedAfterTheReconnect() throws Exception {
        // A long command timeout, so that the script is surely still in flight when its connection is cut.
        RedisStoreSettings patient = new RedisStoreSettings(Instances.FAST.keyPrefix(), Duration.ofSeconds(3),
                Instances.FAST.connectTimeout(), Instances.FAST.refreshInterval(), Instances.FAST.leaseDuration(),
                Instances.FAST.keyTtl(), Instances.FAST.activeWindow(), Instances.FAST.maxRetryInterval());
        Instance a = instances.instance(patient, ONE_FAILURE_SHORT_OPEN);
        CircuitBreaker breaker = a.breaker("replay");
        fail(breaker);
        await().atMost(Duration.ofSeconds(2)).until(() -> "OPEN".equals(redis.command("HGET", key("replay"), "state")));
        await().pollDelay(ONE_FAILURE_SHORT_OPEN.ttl().multipliedBy(2)).until(() -> true); // the open period ends

        // Writes wait (scripts too); reads and this harness's commands do not.
        redis.command("CLIENT", "PAUSE", "10000", "WRITE");
        Thread caller = new Thread(() -> breaker.permits().tryAcquire(), "caller"); // asks Redis for a trial lease
        caller.start();
        await().pollDelay(Duration.ofMillis(500)).until(() -> true); // its script now waits in the pause
        redis.command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"); // the store's connection, script in flight
        caller.join(5_000);
        redis.command("CLIENT", "UNPAUSE");

        // The store reconnects; a replayed acquire_trial would hold a lease for nobody, blocking the fleet's trials.
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.store.isDegraded());
        await().pollDelay(Duration.ofMillis(500)).until(() -> true);
        assertThat(redis.command("ZCARD", Instances.FAST.keyPrefix() + ":{replay}:p")).as("leases held").isEqualTo(0L);
        assertThat(redis.command("HGET", key("replay"), "state")).isEqualTo("OPEN");
    }

    private static String key(String name) {
        return Instances.FAST.keyPrefix() + ":{" + name + "}:s";
    }

    private static void fail(CircuitBreaker breaker) {
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        Instances.settle();
    }
}
