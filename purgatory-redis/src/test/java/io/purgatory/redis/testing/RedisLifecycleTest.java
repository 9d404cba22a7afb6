package io.purgatory.redis.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisLifecycleTest {

    @TempDir
    Path dir;

    /** startOnFreePort retries on exactly this message, so it must survive both 6.2 and 7.x log formats. */
    @Test
    void reportsATakenPortAsAddressAlreadyInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RedisLifecycle lifecycle =
                    new RedisLifecycle(RedisBinary.resolve(), "127.0.0.1", taken.getLocalPort(), false, dir);

            assertThatThrownBy(lifecycle::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("redis-server exited")
                .hasMessageContaining("Address already in use");
        }
    }

    @Test
    void refusesPort6379BeforeStartingAnything() {
        assertThatThrownBy(() -> new RedisLifecycle(RedisBinary.resolve(), "127.0.0.1", 6379, false, dir))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("6379");
    }

}
