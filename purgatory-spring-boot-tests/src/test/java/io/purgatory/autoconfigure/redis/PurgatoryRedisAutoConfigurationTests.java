package io.purgatory.autoconfigure.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.autoconfigure.testing.BootAutoConfigurations;
import io.purgatory.redis.RedisCircuitStore;
import io.purgatory.redis.RedisStoreSettings;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import io.purgatory.store.CircuitStore;
import io.purgatory.store.InMemoryCircuitStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@WithRedisServer
@ExtendWith(OutputCaptureExtension.class)
class PurgatoryRedisAutoConfigurationTests {

    private static final String BARE_PREFIX_WARNING = "uses the bare key prefix 'purgatory'";

    /** A Redis store's context without any key prefix setting. */
    private final ApplicationContextRunner unprefixed;
    private final ApplicationContextRunner runner;

    PurgatoryRedisAutoConfigurationTests(RedisServer redis) {
        this.unprefixed = new ApplicationContextRunner()
                .withConfiguration(BootAutoConfigurations.redis())
                .withConfiguration(AutoConfigurations.of(PurgatoryRedisAutoConfiguration.class,
                        PurgatoryAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port());
        this.runner = unprefixed.withPropertyValues("purgatory.store.redis.key-prefix=purgatory-autoconfig");
    }

    @Test
    void redisStoreBacksTheFactoryWhenTypeIsRedis() {
        runner.withPropertyValues("purgatory.store.type=redis").run(context -> {
            assertThat(context).hasSingleBean(RedisCircuitStore.class).doesNotHaveBean(InMemoryCircuitStore.class);
            assertThat(context.getBean(CircuitBreakerFactory.class).getBreaker("any").getStoreType()).isEqualTo("redis");
            assertThat(context.getBean(RedisCircuitStore.class).isDegraded()).isFalse();
        });
    }

    @Test
    void redisPropertiesBindToTheStoreSettings() {
        runner.withPropertyValues("purgatory.store.type=redis", "purgatory.store.redis.command-timeout=100ms",
                "purgatory.store.redis.refresh-interval=1s").run(context -> {
                    RedisStoreSettings settings = context.getBean(RedisCircuitStore.class).settings();
                    assertThat(settings.keyPrefix()).isEqualTo("purgatory-autoconfig");
                    assertThat(settings.commandTimeout()).isEqualTo(Duration.ofMillis(100));
                    assertThat(settings.refreshInterval()).isEqualTo(Duration.ofSeconds(1));
                });
    }

    @Test
    void theDefaultKeyPrefixNamesTheApplication(CapturedOutput output) {
        unprefixed.withPropertyValues("purgatory.store.type=redis", "spring.application.name=order {eu} service")
                .run(context -> assertThat(context.getBean(RedisCircuitStore.class).settings().keyPrefix())
                        .isEqualTo("purgatory:order--eu--service"));
        assertThat(output).doesNotContain(BARE_PREFIX_WARNING);
    }

    @Test
    void anUnnamedApplicationGetsTheBarePrefixAndAWarningNamingBothSettings(CapturedOutput output) {
        unprefixed.withPropertyValues("purgatory.store.type=redis")
                .run(context -> assertThat(context.getBean(RedisCircuitStore.class).settings().keyPrefix())
                        .isEqualTo("purgatory"));
        assertThat(output).contains(BARE_PREFIX_WARNING).contains("spring.application.name")
                .contains("purgatory.store.redis.key-prefix");
    }

    @Test
    void aConfiguredPrefixWinsOverTheApplicationNameEvenWhenBare(CapturedOutput output) {
        unprefixed.withPropertyValues("purgatory.store.type=redis", "spring.application.name=orders",
                "purgatory.store.redis.key-prefix=purgatory").run(context -> assertThat(context
                        .getBean(RedisCircuitStore.class).settings().keyPrefix()).isEqualTo("purgatory"));
        assertThat(output).as("a prefix chosen on purpose (the upgrade path)").doesNotContain(BARE_PREFIX_WARNING);
    }

    @Test
    void theStoreLogsInAsTheApplicationsRedisUser(RedisServer redis) {
        redis.command("ACL", "SETUSER", "app-user", "on", ">app-secret", "~*", "&*", "+@all");
        try {
            runner.withPropertyValues("purgatory.store.type=redis", "spring.data.redis.username=app-user",
                    "spring.data.redis.password=app-secret", "purgatory.defaults.threshold=1").run(context -> {
                        RedisCircuitStore store = context.getBean(RedisCircuitStore.class);
                        CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("as-user");
                        fail(breaker); // the trip is sent at once; the caller does not wait for it
                        await().atMost(Duration.ofSeconds(2)).until(() -> store.instanceId()
                                .equals(redis.command("HGET", "purgatory-autoconfig:{as-user}:s", "by")));
                        assertThat(store.isDegraded()).isFalse();
                        assertThat(redis.command("CLIENT", "LIST").toString()).contains("user=app-user");
                    });
        } finally {
            redis.command("ACL", "DELUSER", "app-user");
        }
    }

    @Test
    void noRedisStoreWhenTypeIsMemory() {
        runner.run(context -> assertThat(context).doesNotHaveBean(RedisCircuitStore.class)
                .hasSingleBean(InMemoryCircuitStore.class));
    }

    @Test
    void noRedisStoreWhenPurgatoryIsDisabled() {
        runner.withPropertyValues("purgatory.store.type=redis", "purgatory.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(CircuitStore.class));
    }

    @Test
    void backsOffWhenTheUserDefinesACircuitStore() {
        runner.withPropertyValues("purgatory.store.type=redis").withUserConfiguration(UserStore.class)
                .run(context -> assertThat(context).doesNotHaveBean(RedisCircuitStore.class)
                        .hasSingleBean(CircuitStore.class).hasBean("userStore"));
    }

    @Test
    void withoutSpringDataRedisTypeRedisFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("purgatory.store.type=redis")
                .withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("purgatory.store.type");
                });
    }

    @Test
    void anInvalidStoreSettingFailsStartUpNamingThePropertyAndTheValue() {
        runner.withPropertyValues("purgatory.store.type=redis", "purgatory.store.redis.degrade-after-errors=0")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessage("purgatory.store.redis.degrade-after-errors must be at least 1, but was 0");
                });
        runner.withPropertyValues("purgatory.store.type=redis", "purgatory.store.redis.resync-interval=0s")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessage("purgatory.store.redis.resync-interval must be positive, but was PT0S"));
    }

    @Test
    void twoApplicationContextsShareOneCircuit() {
        ApplicationContextRunner redisRunner = runner.withPropertyValues("purgatory.store.type=redis",
                "purgatory.defaults.threshold=2", "purgatory.defaults.ttl=1h");
        redisRunner.run(first -> redisRunner.run(second -> {
            CircuitBreakerFactory one = first.getBean(CircuitBreakerFactory.class);
            CircuitBreakerFactory two = second.getBean(CircuitBreakerFactory.class);
            two.getBreaker("shared").transitionTo(CircuitState.CLOSED);
            for (int i = 0; i < 2; i++) {
                fail(one.getBreaker("shared"));
            }

            await().atMost(Duration.ofSeconds(2)).until(() -> two.getBreaker("shared").getState() == CircuitState.OPEN);
            assertThatThrownBy(() -> two.getBreaker("shared").run(() -> { })).isInstanceOf(CircuitOpenException.class);
        }));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserStore {
        @Bean
        CircuitStore userStore() {
            return new InMemoryCircuitStore();
        }
    }

    private static void fail(CircuitBreaker breaker) {
        try {
            breaker.run(() -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the body's own exception
        }
    }
}
