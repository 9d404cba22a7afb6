package io.purgatory.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.autoconfigure.testing.BootAutoConfigurations;
import io.purgatory.redis.RedisCircuitStore;
import io.purgatory.redis.testing.TestCertificates;
import io.purgatory.redis.testing.TlsRedisServer;
import io.purgatory.redis.testing.WarningLog;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The Redis store over TLS, configured the way Boot configures the application's own Redis client: a
 * {@code redis-server} with a {@code tls-port} and a certificate of a test authority, trusted through
 * an SSL bundle ({@code spring.data.redis.ssl.bundle}). Skipped, saying why, when the redis-server
 * binary was built without TLS (the embedded 6.2 one).
 */
@Tag("redis")
class RedisTlsTest {

    private static TlsRedisServer redis;

    @BeforeAll
    static void startRedisWithTls() {
        redis = TlsRedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static ApplicationContextRunner trusting(Path authority) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withConfiguration(BootAutoConfigurations.redis())
                .withConfiguration(AutoConfigurations.of(PurgatoryRedisAutoConfiguration.class,
                        PurgatoryAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.host=" + redis.host(),
                        "spring.data.redis.port=" + redis.tlsPort(), "spring.data.redis.ssl.bundle=redis-ca",
                        "spring.ssl.bundle.pem.redis-ca.truststore.certificate=file:" + authority,
                        "purgatory.store.type=redis", "purgatory.store.redis.key-prefix=tls-test",
                        "purgatory.defaults.threshold=1", "purgatory.defaults.ttl=1h");
    }

    @Test
    void theStoreSharesStateOverTlsTrustingTheApplicationsSslBundle() {
        trusting(redis.caCertificate()).run(context -> {
            RedisCircuitStore store = context.getBean(RedisCircuitStore.class);
            // A cold JVM's first TLS handshake can outlast the store's 1 s connect timeout on a busy machine; the
            // store then retries in the background. Without the bundle's trust it would never connect.
            await().atMost(Duration.ofSeconds(10)).until(() -> !store.isDegraded());
            CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("over-tls");
            fail(breaker); // sent at once, since it reaches the threshold; the caller does not wait for it

            await().atMost(Duration.ofSeconds(2)).until(() -> breaker.getState() == CircuitState.OPEN);
            assertThat(store.isDegraded()).as("degraded (%s)", store).isFalse();
            assertThat(redis.command("HGET", "tls-test:{over-tls}:s", "state")).as("state written through TLS")
                    .isEqualTo("OPEN");
        });
    }

    @Test
    void anUntrustedServerLeavesTheStoreLocalWithOneLineAndCallersUnharmed(@TempDir Path elsewhere) {
        Path otherAuthority = TestCertificates.create(elsewhere).caCertificate();
        try (WarningLog warnings = WarningLog.of(RedisCircuitStore.class)) {
            trusting(otherAuthority).run(context -> {
                RedisCircuitStore store = context.getBean(RedisCircuitStore.class);
                CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("untrusted");
                breaker.run(() -> { });
                await().atMost(Duration.ofSeconds(5)).until(store::isDegraded);

                fail(breaker);
                assertThat(breaker.getState()).as("decided locally").isEqualTo(CircuitState.OPEN);
                assertThat(redis.command("EXISTS", "tls-test:{untrusted}:s")).isEqualTo(0L);
            });
            assertThat(warnings.messages()).singleElement().asString().contains("Redis is unavailable for");
        }
    }

    private static void fail(CircuitBreaker breaker) {
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
    }
}
