package io.purgatory.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

@WithRedisServer(cluster = true)
class RedisClusterTest {

    private static final String SET_BOTH = "redis.call('SET', KEYS[1], ARGV[1]); "
            + "redis.call('SET', KEYS[2], ARGV[1]); return 2";

    @Test
    void ownsAllSlotsAndIsOk(RedisServer redis) {
        assertThat(redis.isClusterEnabled()).isTrue();
        assertThat(redis.clusterInfo()).containsEntry("cluster_state", "ok")
            .containsEntry("cluster_slots_assigned", "16384")
            .containsEntry("cluster_known_nodes", "1");
    }

    @Test
    void evalAcceptsKeysWithTheSameHashTagAndRejectsKeysOfDifferentSlots(RedisServer redis) {
        assertThat(SlotHash.getSlot("{order}:a")).isEqualTo(SlotHash.getSlot("{order}:b"));
        assertThat(SlotHash.getSlot("a")).isNotEqualTo(SlotHash.getSlot("b"));

        assertThat(redis.command("EVAL", SET_BOTH, "2", "{order}:a", "{order}:b", "v")).isEqualTo(2L);
        assertThatThrownBy(() -> redis.command("EVAL", SET_BOTH, "2", "a", "b", "v"))
            .isInstanceOf(RedisReplyException.class)
            .hasMessageStartingWith("CROSSSLOT");
    }

    @Test
    void lettuceClusterClientRoutesToTheSingleNode(RedisServer redis) {
        withCluster(redis, (commands) -> {
            assertThat(commands.clusterNodes()).contains(redis.host() + ":" + redis.port());
            Long both = commands.eval(SET_BOTH, ScriptOutputType.INTEGER, new String[] {"{order}:a", "{order}:b"}, "v");
            assertThat(both).isEqualTo(2L);
            assertThat(commands.get("{order}:b")).isEqualTo("v");
            assertThatThrownBy(() -> commands.eval(SET_BOTH, ScriptOutputType.INTEGER, new String[] {"a", "b"}, "v"))
                .isInstanceOf(RedisCommandExecutionException.class)
                .hasMessageStartingWith("CROSSSLOT");
        });
    }

    @Test
    void keepsItsSlotsAcrossARestart(RedisServer redis) {
        redis.restart();
        assertThat(redis.clusterInfo()).containsEntry("cluster_state", "ok")
            .containsEntry("cluster_slots_assigned", "16384");
    }

    private static void withCluster(RedisServer redis, Consumer<RedisAdvancedClusterCommands<String, String>> body) {
        RedisURI uri = RedisURI.create(redis.uri());
        uri.setTimeout(Duration.ofSeconds(2));
        RedisClusterClient client = RedisClusterClient.create(uri);
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            body.accept(connection.sync());
        }
        finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

}
