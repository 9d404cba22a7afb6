package io.purgatory.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisBinaryTest {

    @TempDir
    Path dir;

    @Test
    void embeddedModeWinsOverPathAndExplicitServer() throws IOException {
        Path fake = fakeRedisServer();
        RedisBinary binary = RedisBinary.resolve(HarnessEnvironment.of(Map.of("PURGATORY_REDIS_BINARY", "embedded",
                "PURGATORY_REDIS_SERVER", fake.toString(), "PATH", dir.toString())));

        assertThat(binary.origin()).isEqualTo("embedded");
        assertThat(binary.path()).isExecutable().isNotEqualTo(fake);
    }

    @Test
    void embeddedBinaryIsRedis6211() {
        try (RedisServer redis = RedisServer.start(RedisBinary.embedded())) {
            assertThat(redis.version()).isEqualTo("6.2.11");
        }
    }

    @Test
    void explicitServerComesBeforePath() throws IOException {
        Path fake = fakeRedisServer();
        Path other = Files.createDirectory(dir.resolve("other"));
        RedisBinary binary = RedisBinary.resolve(HarnessEnvironment.of(
                Map.of("PURGATORY_REDIS_SERVER", fake.toString(), "PATH", other.toString())));

        assertThat(binary).isEqualTo(new RedisBinary(fake, "PURGATORY_REDIS_SERVER"));
    }

    @Test
    void pathComesBeforeEmbedded() throws IOException {
        Path fake = fakeRedisServer();

        RedisBinary binary = RedisBinary.resolve(HarnessEnvironment.of(Map.of("PATH", "/nonexistent:" + dir)));

        assertThat(binary).isEqualTo(new RedisBinary(fake, "PATH"));
    }

    @Test
    void fallsBackToEmbeddedWithoutPathOrExplicitServer() {
        RedisBinary binary = RedisBinary.resolve(HarnessEnvironment.of(Map.of("PATH", dir.toString())));

        assertThat(binary.origin()).isEqualTo("embedded");
    }

    @Test
    void systemModeRefusesToFallBackToEmbedded() {
        HarnessEnvironment env = HarnessEnvironment.of(
                Map.of("PURGATORY_REDIS_BINARY", "system", "PATH", dir.toString()));

        assertThatThrownBy(() -> RedisBinary.resolve(env)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("no redis-server on PATH");
    }

    @Test
    void rejectsAnExplicitServerThatIsNotExecutable() {
        HarnessEnvironment env = HarnessEnvironment.of(
                Map.of("PURGATORY_REDIS_SERVER", dir.resolve("missing").toString()));

        assertThatThrownBy(() -> RedisBinary.resolve(env)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("PURGATORY_REDIS_SERVER");
    }

    @Test
    void rejectsAnUnknownMode() {
        HarnessEnvironment env = HarnessEnvironment.of(Map.of("PURGATORY_REDIS_BINARY", "debian"));

        assertThatThrownBy(() -> RedisBinary.resolve(env)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("auto, embedded or system");
    }

    private Path fakeRedisServer() throws IOException {
        Path fake = Files.writeString(dir.resolve("redis-server"), "#!/bin/sh\nexit 1\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        return fake;
    }

}
