package io.purgatory.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import org.junit.jupiter.api.Test;

/** Every script test again, on a single-node Redis Cluster that owns all 16384 slots. */
@WithRedisServer(cluster = true)
class RedisScriptsClusterTest extends RedisScriptsTest {

    RedisScriptsClusterTest(RedisServer redis) {
        super(redis);
    }

    @Test
    void serverAgreesThatAllKeysShareOneSlot() {
        CircuitKeys keys = keys("}x{y}");

        assertThat(redis.command("CLUSTER", "KEYSLOT", keys.leases()))
                .isEqualTo(redis.command("CLUSTER", "KEYSLOT", keys.state()));
        assertThat(redis.command("CLUSTER", "KEYSLOT", keys.window()))
                .isEqualTo(redis.command("CLUSTER", "KEYSLOT", keys.state()));
    }
}
