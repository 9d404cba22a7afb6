package io.purgatory.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.autoconfigure.testing.BootAutoConfigurations;
import io.purgatory.redis.RedisCircuitStore;
import io.purgatory.redis.testing.RedisClusterSetup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * The Redis store on a real Redis Cluster (3 masters, 3 replicas), configured the way Boot configures
 * the application's client ({@code spring.data.redis.cluster.nodes}): a master failed over by an
 * operator, and a master killed. Callers never see an error and the store converges on the new
 * masters; circuits of other shards are untouched by a planned failover.
 */
@Tag("redis")
class RedisClusterFailoverTest {

    private static final String PREFIX = "cluster-test";

    private RedisClusterSetup cluster;

    @BeforeEach
    void startCluster() {
        cluster = RedisClusterSetup.start();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void aPlannedFailoverIsFollowedWithoutTouchingOtherShards() {
        run(context -> {
            RedisCircuitStore store = context.getBean(RedisCircuitStore.class);
            CircuitBreakerFactory breakers = context.getBean(CircuitBreakerFactory.class);
            int masterA = cluster.masterOf(SlotHash.getSlot("a-before"));
            String otherShard = nameOnAnotherShardThan(masterA, "b-");
            String sameShard = nameOnShard(masterA, "a-during-");
            fail(breakers.getBreaker("a-before"));
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> "OPEN".equals(cluster.command(masterA, "HGET", key("a-before"), "state")));
            AtomicBoolean degraded = new AtomicBoolean();

            int promoted = cluster.replicaOf(masterA);
            cluster.failOverTo(promoted);
            // Until a command of the store has gone to the promoted node, every call works and nothing degrades.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                assertThat(breakers.getBreaker(otherShard).get(() -> "ok")).isEqualTo("ok");
                assertThat(breakers.getBreaker(sameShard).get(() -> "ok")).isEqualTo("ok");
                degraded.compareAndSet(false, store.isDegraded());
                return tripIsWrittenTo(breakers, promoted, nameOnShard(promoted, "a-after-"));
            });

            assertThat(degraded).as("the store went local during a planned failover").isFalse();
            assertThat(breakers.getBreaker("a-before").getState()).isEqualTo(CircuitState.OPEN);
        });
    }

    @Test
    void aKilledMasterCostsNoCallAndTheStoreConvergesOnItsReplica() {
        run(context -> {
            RedisCircuitStore store = context.getBean(RedisCircuitStore.class);
            CircuitBreakerFactory breakers = context.getBean(CircuitBreakerFactory.class);
            int masterA = cluster.masterOf(SlotHash.getSlot("a-before"));
            int replica = cluster.replicaOf(masterA);
            String otherShard = nameOnAnotherShardThan(masterA, "b-");
            String sameShard = nameOnShard(masterA, "a-during-");
            fail(breakers.getBreaker("a-before"));
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> breakers.getBreaker("a-before").getState() == CircuitState.OPEN);
            cluster.command(masterA, "WAIT", "1", "2000"); // the replica has the trip

            cluster.kill(masterA);
            long killed = System.nanoTime();
            // Until the replica is promoted the harness finds no master for the dead shard's slots (IllegalStateException).
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsInstanceOf(IllegalStateException.class).until(() -> {
                assertThat(breakers.getBreaker(otherShard).get(() -> "ok")).isEqualTo("ok");
                assertThat(breakers.getBreaker(sameShard).get(() -> "ok")).isEqualTo("ok");
                return !store.isDegraded() && tripIsWrittenTo(breakers, replica, nameOnShard(replica, "a-after-"));
            });
            System.out.printf("[measure] Cluster master killed: store writes to its promoted replica %d ms later%n",
                    Duration.ofNanos(System.nanoTime() - killed).toMillis());

            assertThat(breakers.getBreaker("a-before").getState()).as("the replicated trip").isEqualTo(CircuitState.OPEN);
        });
    }

    private void run(Consumer<ApplicationContext> test) {
        String nodes = cluster.ports().stream().map(port -> cluster.host() + ":" + port).collect(Collectors.joining(","));
        new ApplicationContextRunner()
                .withConfiguration(BootAutoConfigurations.redis())
                .withConfiguration(AutoConfigurations.of(PurgatoryRedisAutoConfiguration.class,
                        PurgatoryAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.cluster.nodes=" + nodes, "purgatory.store.type=redis",
                        "purgatory.store.redis.key-prefix=" + PREFIX, "purgatory.store.redis.max-retry-interval=500ms",
                        "purgatory.defaults.threshold=1", "purgatory.defaults.ttl=1h")
                .run(context -> {
                    await().atMost(Duration.ofSeconds(10)).until(() -> !context.getBean(RedisCircuitStore.class).isDegraded());
                    test.accept(context);
                });
    }

    /**
     * Trips a fresh circuit and tells whether its state landed on the given node, the shard's master, within the
     * round trip of the trip's flush (sent at once, without the caller waiting for it).
     */
    private boolean tripIsWrittenTo(CircuitBreakerFactory breakers, int port, String name) {
        CircuitBreaker breaker = breakers.getBreaker(name);
        if (breaker.getState() == CircuitState.CLOSED) {
            fail(breaker);
        }
        long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
        do {
            try {
                if ("OPEN".equals(cluster.command(port, "HGET", key(name), "state"))) {
                    return true;
                }
            } catch (RuntimeException movedOrNotYetMaster) {
                // not yet the shard's master
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    private String nameOnShard(int masterPort, String stem) {
        return names(stem).stream().filter(name -> cluster.masterOf(SlotHash.getSlot(name)) == masterPort)
                .findFirst().orElseThrow();
    }

    private String nameOnAnotherShardThan(int masterPort, String stem) {
        return names(stem).stream().filter(name -> cluster.masterOf(SlotHash.getSlot(name)) != masterPort)
                .findFirst().orElseThrow();
    }

    private static List<String> names(String stem) {
        // A new name per call: each trip in a polling loop must be a fresh write.
        long nonce = System.nanoTime();
        return IntStream.range(0, 64).mapToObj(i -> stem + nonce + "-" + i).toList();
    }

    private static String key(String name) {
        return PREFIX + ":{" + name + "}:s";
    }

    private static void fail(CircuitBreaker breaker) {
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
    }
}
