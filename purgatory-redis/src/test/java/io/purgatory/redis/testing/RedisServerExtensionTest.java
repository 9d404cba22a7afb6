package io.purgatory.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Each test that breaks the server on purpose is followed by one that needs it healthy on the same port. */
@WithRedisServer
@TestMethodOrder(OrderAnnotation.class)
class RedisServerExtensionTest {

    private static RedisServer fromBeforeAll;

    @BeforeAll
    static void captureServer(RedisServer redis) {
        fromBeforeAll = redis;
    }

    @Test
    @Order(1)
    void injectsTheSameServerEverywhereInTheClass(RedisServer redis) {
        assertThat(redis).isSameAs(fromBeforeAll);
    }

    @Test
    @Order(2)
    void leavesTheServerFrozen(RedisServer redis) {
        assumeTrue(redis.isManaged());
        redis.freeze();
    }

    @Test
    @Order(3)
    void findsItThawed(RedisServer redis) {
        assertThat(redis.command("PING")).isEqualTo("PONG");
    }

    @Test
    @Order(4)
    void leavesTheServerStopped(RedisServer redis) {
        assumeTrue(redis.isManaged());
        redis.stop();
    }

    @Test
    @Order(5)
    void findsItRestartedOnTheSamePort(RedisServer redis) {
        assertThat(redis).isSameAs(fromBeforeAll);
        assertThat(redis.command("PING")).isEqualTo("PONG");
    }

    @Test
    @Order(6)
    void leavesTheServerPaused(RedisServer redis) {
        redis.pause(Duration.ofMillis(300));
    }

    @Test
    @Order(7)
    void findsThePauseOver(RedisServer redis) {
        assertThat(redis.command("PING")).isEqualTo("PONG");
    }

    @Nested
    class NestedClass {

        @Test
        void sharesTheEnclosingClassServer(RedisServer redis) {
            assertThat(redis).isSameAs(fromBeforeAll);
        }

    }

}
