package io.purgatory.springcloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerConfigCustomizer;
import io.purgatory.CircuitState;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.ConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spring Cloud auto-configuration: its conditions, YAML per id, and the configuration hooks. */
class PurgatorySpringCloudAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class, PurgatorySpringCloudAutoConfiguration.class));

    @Test
    void registersBothFactoriesOnPurgatory() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(PurgatorySpringCloudCircuitBreakerFactory.class);
            assertThat(context).hasSingleBean(ReactivePurgatorySpringCloudCircuitBreakerFactory.class);
            assertThat(context).hasSingleBean(SpringCloudCircuitSettings.class);
        });
    }

    @Test
    void backsOffWhenTheApplicationDefinesSpringCloudsFactories() {
        // The name an application gives its Spring Cloud factory: Purgatory's own factory bean is named apart from it.
        runner.withBean("circuitBreakerFactory", CircuitBreakerFactory.class, OwnFactory::new)
                .withBean("ownReactiveCircuitBreakerFactory", ReactiveCircuitBreakerFactory.class, () -> org.mockito.Mockito.mock(ReactiveCircuitBreakerFactory.class))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(PurgatorySpringCloudCircuitBreakerFactory.class);
                    assertThat(context).doesNotHaveBean(ReactivePurgatorySpringCloudCircuitBreakerFactory.class);
                    assertThat(context).hasSingleBean(CircuitBreakerFactory.class);
                });
    }

    @Test
    void switchedOffByItsProperty() {
        runner.withPropertyValues("purgatory.spring-cloud.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(CircuitBreakerFactory.class);
            assertThat(context).doesNotHaveBean(ReactiveCircuitBreakerFactory.class);
            assertThat(context).hasSingleBean(io.purgatory.CircuitBreakerFactory.class);
        });
    }

    @Test
    void absentWithoutSpringCloudCircuitBreaker() {
        runner.withClassLoader(new FilteredClassLoader(CircuitBreakerFactory.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(PurgatorySpringCloudCircuitBreakerFactory.class);
        });
    }

    @Test
    void reactiveFactoryNeedsReactor() {
        runner.withClassLoader(new FilteredClassLoader("reactor.core")).run(context -> {
            assertThat(context).hasSingleBean(PurgatorySpringCloudCircuitBreakerFactory.class);
            assertThat(context).doesNotHaveBean(ReactivePurgatorySpringCloudCircuitBreakerFactory.class);
        });
    }

    @Test
    void yamlOfTheIdConfiguresItsCircuit() {
        runner.withPropertyValues("purgatory.breakers.payments.threshold=1").run(context -> {
            CircuitBreaker payments = context.getBean(PurgatorySpringCloudCircuitBreakerFactory.class).create("payments");
            fail(payments);
            assertThat(state(context, "payments")).isEqualTo(CircuitState.OPEN);
        });
    }

    @Test
    void customizerBeansConfigureIdsAtStartUp() {
        runner.withUserConfiguration(Customizers.class).run(context -> {
                    PurgatorySpringCloudCircuitBreakerFactory factory = context.getBean(PurgatorySpringCloudCircuitBreakerFactory.class);
                    fail(factory.create("payments"));
                    assertThat(state(context, "payments")).isEqualTo(CircuitState.OPEN);
                    fail(factory.create("other"));
                    assertThat(state(context, "other")).isEqualTo(CircuitState.CLOSED);
                });
    }

    @Test
    void reactiveCustomizerBeansShareTheSameSettings() {
        runner.withUserConfiguration(Customizers.class).run(context -> {
                    fail(context.getBean(PurgatorySpringCloudCircuitBreakerFactory.class).create("quotes"));
                    assertThat(state(context, "quotes")).isEqualTo(CircuitState.OPEN);
                });
    }

    @Test
    void configureDefaultAppliesToIdsWithoutYamlOrOwnConfiguration() {
        runner.withPropertyValues("purgatory.breakers.payments.threshold=3").run(context -> {
            PurgatorySpringCloudCircuitBreakerFactory factory = context.getBean(PurgatorySpringCloudCircuitBreakerFactory.class);
            factory.configureDefault(id -> (name, config) -> config.threshold(1));
            fail(factory.create("inventory"));
            assertThat(state(context, "inventory")).isEqualTo(CircuitState.OPEN);
            fail(factory.create("payments"));
            assertThat(state(context, "payments")).isEqualTo(CircuitState.CLOSED); // its YAML says 3
            assertThat(context.getBean(io.purgatory.CircuitBreakerFactory.class).getBreaker("annotated").getConfig().threshold())
                    .isEqualTo(5); // not a Spring Cloud id
        });
    }

    @Test
    void theSwitchHasMetadata() throws Exception {
        try (InputStream metadata = PurgatorySpringCloudAutoConfiguration.class
                .getResourceAsStream("/META-INF/additional-spring-configuration-metadata.json")) {
            assertThat(new String(metadata.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("\"name\": \"purgatory.spring-cloud.enabled\"").contains("\"defaultValue\": true");
        }
    }

    private static void fail(CircuitBreaker breaker) {
        breaker.run(() -> {
            throw new IllegalStateException("down");
        }, thrown -> null);
    }

    private static CircuitState state(org.springframework.context.ApplicationContext context, String name) {
        return context.getBean(io.purgatory.CircuitBreakerFactory.class).getBreaker(name).getState();
    }

    /** Spring Cloud style customizers, typed as an application declares them. */
    @Configuration(proxyBeanMethods = false)
    static class Customizers {

        @Bean
        Customizer<PurgatorySpringCloudCircuitBreakerFactory> paymentsCustomizer() {
            return factory -> factory.configure(builder -> builder.settings(config -> config.threshold(1)), "payments");
        }

        @Bean
        Customizer<ReactivePurgatorySpringCloudCircuitBreakerFactory> quotesCustomizer() {
            return factory -> factory.configure(builder -> builder.settings(config -> config.threshold(1)), "quotes");
        }
    }

    /** An application's own Spring Cloud factory. */
    static final class OwnFactory extends CircuitBreakerFactory<String, OwnFactory.Builder> {

        @Override
        public CircuitBreaker create(String id) {
            return new CircuitBreaker() {
                @Override
                public <T> T run(Supplier<T> toRun, Function<Throwable, T> fallback) {
                    return toRun.get();
                }
            };
        }

        @Override
        protected Builder configBuilder(String id) {
            return new Builder();
        }

        @Override
        public void configureDefault(Function<String, String> defaultConfiguration) {
        }

        static final class Builder implements ConfigBuilder<String> {
            @Override
            public String build() {
                return "own";
            }
        }
    }
}
