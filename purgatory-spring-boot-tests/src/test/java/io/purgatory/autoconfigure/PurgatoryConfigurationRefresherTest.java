package io.purgatory.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import io.purgatory.ExcludeRule;
import io.purgatory.autoconfigure.aop.PurgatoryAopAutoConfiguration;
import io.purgatory.autoconfigure.metrics.PurgatoryMetricsAutoConfiguration;
import io.purgatory.autoconfigure.metrics.RefreshFailureMeters;
import io.purgatory.autoconfigure.testing.BootAutoConfigurations;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runtime reconfiguration through a plain {@link ConfigurableEnvironment} change: the application's
 * configuration source is replaced, as a config server or a ConfigMap reload replaces it, and
 * {@link PurgatoryConfigurationRefresher#refresh()} is called.
 */
@ExtendWith(OutputCaptureExtension.class)
class PurgatoryConfigurationRefresherTest {

    private static final String SOURCE = "reloadable";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class,
                    PurgatoryRefreshAutoConfiguration.class));

    /** Starts with these properties in a source of their own, which {@link #change} replaces. */
    private ApplicationContextRunner with(String... properties) {
        return runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource(SOURCE, map(properties))));
    }

    private static Map<String, Object> map(String... properties) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String property : properties) {
            int equals = property.indexOf('=');
            map.put(property.substring(0, equals), property.substring(equals + 1));
        }
        return map;
    }

    /** Replaces the configuration source and refreshes. */
    private static boolean change(AssertableApplicationContext context, String... properties) {
        ConfigurableEnvironment environment = context.getEnvironment();
        environment.getPropertySources().replace(SOURCE, new MapPropertySource(SOURCE, map(properties)));
        return context.getBean(PurgatoryConfigurationRefresher.class).refresh();
    }

    private static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw new IllegalStateException("down");
            })).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aChangedThresholdAppliesAndTheCountIsKept() {
        with("purgatory.breakers.payments.threshold=5").run(context -> {
            CircuitBreaker payments = context.getBean(CircuitBreakerFactory.class).getBreaker("payments");
            fail(payments, 3);

            assertThat(change(context, "purgatory.breakers.payments.threshold=2")).isTrue();

            assertThat(payments.getConfig().threshold()).isEqualTo(2);
            assertThat(payments.getConfigChangedAt()).isNotNull();
            assertThat(payments.getConsecutiveFailures()).isEqualTo(3);
            fail(payments, 1);
            assertThat(payments.getState()).isEqualTo(CircuitState.OPEN);
        });
    }

    @Test
    void anUnchangedEnvironmentChangesNoBreaker() {
        with("purgatory.breakers.payments.threshold=5", "purgatory.defaults.exclude=java.lang.IllegalStateException")
                .run(context -> {
                    CircuitBreakerFactory factory = context.getBean(CircuitBreakerFactory.class);
                    java.util.List<io.purgatory.event.CircuitBreakerEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
                    factory.addListener(events::add);
                    CircuitBreaker plain = factory.getBreaker("plain");

                    assertThat(change(context, "purgatory.breakers.payments.threshold=5",
                            "purgatory.defaults.exclude=java.lang.IllegalStateException")).isTrue();

                    assertThat(events).noneMatch(io.purgatory.event.ConfigChanged.class::isInstance);
                    assertThat(plain.getConfigChangedAt()).isNull();
                });
    }

    @Test
    void newDefaultsReachBreakersWithoutSettingsOfTheirOwn() {
        with("purgatory.defaults.ttl=30s", "purgatory.breakers.own.ttl=5s").run(context -> {
            CircuitBreakerFactory factory = context.getBean(CircuitBreakerFactory.class);
            CircuitBreaker plain = factory.getBreaker("plain");

            change(context, "purgatory.defaults.ttl=1m", "purgatory.breakers.own.ttl=5s");

            assertThat(plain.getConfig().ttl()).hasMinutes(1);
            assertThat(factory.getBreaker("own").getConfig().ttl()).hasSeconds(5);
        });
    }

    @Test
    void aBadValueRefusesTheWholeChangeWithTheStartUpMessage(CapturedOutput output) {
        with("purgatory.defaults.threshold=4", "purgatory.breakers.payments.ttl=10s")
                .withConfiguration(BootAutoConfigurations.metrics())
                .withConfiguration(AutoConfigurations.of(PurgatoryMetricsAutoConfiguration.class))
                .run(context -> {
                    CircuitBreakerFactory factory = context.getBean(CircuitBreakerFactory.class);
                    CircuitBreaker payments = factory.getBreaker("payments");
                    CircuitBreaker plain = factory.getBreaker("plain");

                    // A valid default next to an invalid override: neither applies.
                    assertThat(change(context, "purgatory.defaults.threshold=9", "purgatory.breakers.payments.ttl=0s"))
                            .isFalse();

                    assertThat(plain.getConfig().threshold()).isEqualTo(4);
                    assertThat(payments.getConfig().ttl()).hasSeconds(10);
                    assertThat(payments.getConfigChangedAt()).isNull();
                    assertThat(output).contains("ERROR").contains("Refused the new Purgatory configuration")
                            .contains("purgatory.breakers.payments.ttl = 'PT0S': must be a positive duration");
                    assertThat(output.toString().lines().filter(line -> line.contains("Refused the new Purgatory")))
                            .hasSize(1);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get(RefreshFailureMeters.NAME).tag("key", "purgatory.breakers.payments.ttl")
                            .counter().count()).isEqualTo(1.0);

                    assertThat(change(context, "purgatory.defaults.threshold=9", "purgatory.breakers.payments.ttl=10s"))
                            .as("fixed: now it applies").isTrue();
                    assertThat(plain.getConfig().threshold()).isEqualTo(9);
                });
    }

    @Test
    void aMisspeltKeyOrAnUnconvertibleValueIsRefusedToo(CapturedOutput output) {
        with("purgatory.defaults.threshold=4").run(context -> {
            CircuitBreaker plain = context.getBean(CircuitBreakerFactory.class).getBreaker("plain");

            assertThat(change(context, "purgatory.defaults.threshold=4", "purgatory.breakers.payments.treshold=1"))
                    .isFalse();
            assertThat(output).contains("purgatory.breakers.payments.treshold = '1': is not a breaker setting");

            assertThat(change(context, "purgatory.defaults.threshold=many")).isFalse();
            assertThat(output).contains("purgatory.defaults.threshold = 'many': cannot be converted");
            assertThat(plain.getConfig().threshold()).isEqualTo(4);
        });
    }

    @Test
    void breakersAddedAppearAndBreakersRemovedFallBackToTheDefaults() {
        with("purgatory.defaults.threshold=4", "purgatory.breakers.old.threshold=9").run(context -> {
            CircuitBreakerFactory factory = context.getBean(CircuitBreakerFactory.class);
            CircuitBreaker old = factory.findBreaker("old").orElseThrow(); // configured: created at start-up

            change(context, "purgatory.defaults.threshold=4", "purgatory.breakers.added.threshold=2");

            assertThat(factory.findBreaker("added")).as("created like a configured breaker at start-up")
                    .hasValueSatisfying(added -> assertThat(added.getConfig().threshold()).isEqualTo(2));
            assertThat(factory.findBreaker("old")).containsSame(old);
            assertThat(old.getConfig().threshold()).isEqualTo(4);
            assertThat(factory.getConfiguredNames()).containsExactly("added");
        });
    }

    @Test
    void annotationExcludesStayAfterARefresh() {
        with("purgatory.defaults.threshold=1")
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PurgatoryAopAutoConfiguration.class))
                .withUserConfiguration(AnnotatedService.Config.class)
                .run(context -> {
                    CircuitBreaker annotated = context.getBean(CircuitBreakerFactory.class).getBreaker("annotated");
                    assertThat(annotated.getConfig().exclude()).extracting(ExcludeRule::type)
                            .contains(IllegalStateException.class);

                    change(context, "purgatory.defaults.threshold=2");

                    assertThat(annotated.getConfig().threshold()).isEqualTo(2);
                    assertThat(annotated.getConfig().exclude()).extracting(ExcludeRule::type)
                            .contains(IllegalStateException.class);
                    AnnotatedService service = context.getBean(AnnotatedService.class);
                    for (int i = 0; i < 3; i++) {
                        assertThatThrownBy(service::call).isInstanceOf(IllegalStateException.class);
                    }
                    assertThat(annotated.getState()).isEqualTo(CircuitState.CLOSED);
                });
    }

    @Test
    void aFactoryOfYourOwnIsLeftAlone() {
        runner.withBean(CircuitBreakerFactory.class, () -> CircuitBreakerFactory.builder().build())
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryConfigurationRefresher.class));
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("purgatory.refresh.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryConfigurationRefresher.class));
    }

    @Test
    void withoutSpringCloudThereIsNoEnvironmentChangeListener() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(PurgatoryConfigurationRefresher.class);
            assertThat(context).doesNotHaveBean(EnvironmentChangeRefresh.class);
        });
    }

    /** A guarded bean whose annotation excludes a type its configuration does not. */
    static class AnnotatedService {

        @io.purgatory.annotation.CircuitBreaker(value = "annotated", exclude = IllegalStateException.class)
        public void call() {
            throw new IllegalStateException("excluded by the annotation");
        }

        @Configuration(proxyBeanMethods = false)
        static class Config {
            @Bean
            AnnotatedService annotatedService() {
                return new AnnotatedService();
            }
        }
    }
}
