package io.purgatory.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WithRedisServer
class RedisServerTest {

    private final RedisServer redis;

    RedisServerTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void clean() {
        redis.flushAll();
    }

    @Test
    void startsOnAFreeLoopbackPortAndReportsItsVersion() {
        assertThat(redis.command("PING")).isEqualTo("PONG");
        assertThat(redis.version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(redis.port()).isPositive().isNotEqualTo(6379);
        assertThat(redis.uri()).hasToString("redis://" + redis.host() + ":" + redis.port());
        if (redis.isManaged()) {
            assertThat(redis.host()).isEqualTo("127.0.0.1");
            assertThat(redis.binary()).get().satisfies((binary) -> assertThat(binary.path()).isExecutable());
        }
    }

    @Test
    void stopsAndRestartsOnTheSamePort() {
        assumeTrue(redis.isManaged(), "needs a server this harness owns");
        int port = redis.port();
        redis.command("SET", "before", "restart");

        redis.stop();
        assertThat(redis.isRunning()).isFalse();
        assertThatThrownBy(() -> redis.command("PING")).isInstanceOf(UncheckedIOException.class);

        redis.restart();
        assertThat(redis.isRunning()).isTrue();
        assertThat(redis.port()).isEqualTo(port);
        assertThat(redis.command("GET", "before")).as("--save \"\" keeps nothing").isNull();
    }

    @Test
    void freezeMakesCommandsTimeOutAndThawRecovers() {
        assumeTrue(redis.isManaged(), "needs a server this harness owns");
        withLettuce(Duration.ofMillis(200), (commands) -> {
            assertThat(commands.ping()).isEqualTo("PONG");

            redis.freeze();
            assertThatThrownBy(commands::ping).isInstanceOf(RedisCommandTimeoutException.class);

            redis.thaw();
            assertThat(commands.ping()).isEqualTo("PONG");
        });
    }

    @Test
    void clientPauseDelaysCommandsUntilItEnds() {
        withLettuce(Duration.ofSeconds(5), (commands) -> {
            commands.ping(); // connect and handshake before pausing
            redis.pause(Duration.ofMillis(300));
            long start = System.nanoTime();
            assertThat(commands.set("k", "v")).isEqualTo("OK");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        });
    }

    @Test
    void commandStatsCountCallsPerCommand() {
        redis.resetStats();
        String sha = (String) redis.command("SCRIPT", "LOAD", "return redis.call('INCR', KEYS[1])");
        redis.command("EVALSHA", sha, "1", "counter");
        redis.command("EVALSHA", sha, "1", "counter");

        assertThat(redis.commandStats()).containsEntry("evalsha", 2L).containsEntry("incr", 2L);
        assertThat(redis.totalCommands()).isGreaterThanOrEqualTo(5L); // CONFIG RESETSTAT, INFO, SCRIPT, 2x EVALSHA
    }

    @Test
    void scriptFlushForgetsLoadedScripts() {
        String sha = (String) redis.command("SCRIPT", "LOAD", "return 1");
        assertThat(redis.command("SCRIPT", "EXISTS", sha)).isEqualTo(List.of(1L));

        redis.scriptFlush();

        assertThatThrownBy(() -> redis.command("EVALSHA", sha, "0"))
            .isInstanceOf(RedisReplyException.class)
            .hasMessageStartingWith("NOSCRIPT");
    }

    @Test
    void flushAllRemovesEveryKey() {
        redis.command("SET", "a", "1");
        redis.command("SET", "b", "2");
        assertThat(redis.command("DBSIZE")).isEqualTo(2L);

        redis.flushAll();

        assertThat(redis.command("DBSIZE")).isEqualTo(0L);
    }

    private void withLettuce(Duration timeout, Consumer<RedisCommands<String, String>> body) {
        RedisURI uri = RedisURI.create(redis.uri());
        uri.setTimeout(timeout);
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            body.accept(connection.sync());
        }
        finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

}
