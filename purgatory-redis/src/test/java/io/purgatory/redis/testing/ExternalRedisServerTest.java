package io.purgatory.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** External mode, exercised against a harness-owned server so that nothing outside this JVM is touched. */
class ExternalRedisServerTest {

    @Test
    void refusesPort6379BeforeConnecting() {
        assertThatThrownBy(() -> RedisServer.external(URI.create("redis://127.0.0.1:6379")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("6379");
    }

    @Test
    void refusesAUrlWithoutPortBecauseItMeans6379() {
        assertThatThrownBy(() -> RedisServer.external(URI.create("redis://localhost")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("6379");
    }

    @Test
    void environmentOverrideRefuses6379() {
        HarnessEnvironment env = HarnessEnvironment.of(Map.of("PURGATORY_REDIS_URL", "redis://127.0.0.1:6379"));

        assertThatThrownBy(() -> RedisServer.fromEnvironment(env))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("6379");
    }

    @Test
    void environmentOverrideRunsCommandsButNoLifecycle() {
        try (RedisServer owned = RedisServer.start(RedisBinary.embedded())) {
            HarnessEnvironment env = HarnessEnvironment.of(Map.of("PURGATORY_REDIS_URL", owned.uri().toString()));
            RedisServer external = RedisServer.fromEnvironment(env);

            assertThat(external.isManaged()).isFalse();
            assertThat(external.binary()).isEmpty();
            assertThat(external.port()).isEqualTo(owned.port());
            assertThat(external.version()).isEqualTo(owned.version());
            external.command("SET", "k", "v");
            assertThat(owned.command("GET", "k")).isEqualTo("v");
            assertThatThrownBy(external::stop).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("PURGATORY_REDIS_URL");
            assertThatThrownBy(external::restart).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(external::freeze).isInstanceOf(UnsupportedOperationException.class);
            assertThatCode(() -> external.pause(Duration.ofMillis(1))).doesNotThrowAnyException();
            external.ensureRunning();
            external.close();
            assertThat(owned.command("PING")).as("closing an external server leaves it running").isEqualTo("PONG");
        }
    }

}
