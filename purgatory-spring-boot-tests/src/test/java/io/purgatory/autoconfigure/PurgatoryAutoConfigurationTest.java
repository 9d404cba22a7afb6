package io.purgatory.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerConfigCustomizer;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.event.BreakerCreated;
import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.CircuitBreakerListener;
import io.purgatory.store.CircuitStore;
import io.purgatory.store.InMemoryCircuitStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

class PurgatoryAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class));

    @Test
    void registersFactoryAndInMemoryStoreByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(CircuitBreakerFactory.class);
            assertThat(context).hasSingleBean(InMemoryCircuitStore.class);
            CircuitBreakerFactory factory = context.getBean(CircuitBreakerFactory.class);
            assertThat(factory.getDefaults().threshold()).isEqualTo(5);
            assertThat(factory.getDefaults().ttl()).isEqualTo(Duration.ofSeconds(30));
            assertThat(factory.getStore().type()).isEqualTo("memory");
        });
    }

    @Test
    void excludeNamesResolveWithTheApplicationsClassLoader() throws Exception {
        // As under DevTools' restart class loader: the application's classes are invisible to the starter's loader.
        Class<? extends RuntimeException> onlyInTheApplication = new ByteBuddy().subclass(RuntimeException.class)
                .name("com.example.restart.StockException").make()
                .load(getClass().getClassLoader(), ClassLoadingStrategy.Default.CHILD_FIRST).getLoaded();
        assertThat(ClassUtils.isPresent(onlyInTheApplication.getName(), PurgatoryAutoConfiguration.class.getClassLoader()))
                .isFalse();
        runner.withClassLoader(onlyInTheApplication.getClassLoader())
                .withPropertyValues("purgatory.breakers.stock.exclude=" + onlyInTheApplication.getName()).run(context -> {
                    assertThat(context).hasNotFailed();
                    var breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("stock");
                    assertThat(breaker.isExcluded(onlyInTheApplication.getDeclaredConstructor().newInstance())).isTrue();
                });
    }

    @Test
    void disabledRegistersNothing() {
        runner.withPropertyValues("purgatory.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(CircuitBreakerFactory.class);
            assertThat(context).doesNotHaveBean(CircuitStore.class);
        });
    }

    @Test
    void userFactoryWins() {
        runner.withUserConfiguration(UserFactory.class).run(context -> {
            assertThat(context).hasSingleBean(CircuitBreakerFactory.class);
            assertThat(context.getBean(CircuitBreakerFactory.class)).isSameAs(UserFactory.FACTORY);
        });
    }

    @Test
    void userStoreWins() {
        runner.withUserConfiguration(UserStore.class).run(context -> {
            assertThat(context).doesNotHaveBean(InMemoryCircuitStore.class);
            assertThat(context.getBean(CircuitBreakerFactory.class).getStore()).isSameAs(UserStore.STORE);
        });
    }

    @Test
    void perBreakerOverridesInheritUnsetKeysFromDefaults() {
        runner.withPropertyValues("purgatory.defaults.ttl=20s", "purgatory.defaults.exclude=java.lang.IllegalStateException",
                "purgatory.breakers.payments.threshold=3",
                "purgatory.breakers.payments.exclude=java.lang.IllegalArgumentException").run(context -> {
                    CircuitBreakerFactory factory = context.getBean(CircuitBreakerFactory.class);
                    var payments = factory.configFor("payments");
                    assertThat(payments.threshold()).isEqualTo(3);
                    assertThat(payments.ttl()).isEqualTo(Duration.ofSeconds(20));
                    assertThat(payments.isExcluded(new IllegalArgumentException())).isTrue();
                    assertThat(payments.isExcluded(new IllegalStateException())).isTrue();
                    assertThat(factory.configFor("other").threshold()).isEqualTo(5);
                });
    }

    @Test
    void rateConditionsMapFromProperties() {
        runner.withPropertyValues("purgatory.breakers.search.failure-rate-threshold=50",
                "purgatory.breakers.search.slow-call-rate-threshold=80", "purgatory.breakers.search.slow-call-duration=2s",
                "purgatory.breakers.search.sliding-window-type=time-based", "purgatory.breakers.search.sliding-window-duration=30s",
                "purgatory.breakers.search.minimum-calls=20").run(context -> {
                    var window = context.getBean(CircuitBreakerFactory.class).configFor("search").window();
                    assertThat(window).isEqualTo(new io.purgatory.RateWindow(io.purgatory.SlidingWindowType.TIME_BASED, 100,
                            Duration.ofSeconds(30), 20, 50f, 80f, Duration.ofSeconds(2)));
                    assertThat(context.getBean(CircuitBreakerFactory.class).configFor("other").window())
                            .isEqualTo(io.purgatory.RateWindow.NONE);
                });
    }

    @Test
    void configuredBreakersExistBeforeTheirFirstCall() {
        runner.withPropertyValues("purgatory.breakers.payments.threshold=3").run(context -> {
            assertThat(context.getBean(CircuitBreakerFactory.class).findBreaker("payments"))
                    .hasValueSatisfying(b -> assertThat(b.getState()).isEqualTo(CircuitState.CLOSED));
        });
    }

    @Test
    void listenerBeansReceiveEvents() {
        runner.withUserConfiguration(Listener.class).withPropertyValues("purgatory.breakers.payments.threshold=3").run(context -> {
            assertThat(context.getBean(Listener.class).events).hasAtLeastOneElementOfType(BreakerCreated.class);
        });
    }

    @Test
    void customizerBeansAdjustBreakersInCode() {
        runner.withUserConfiguration(Customizer.class).run(context -> {
            CircuitBreakerFactory factory = context.getBean(CircuitBreakerFactory.class);
            assertThat(factory.getBreaker("payments").getConfig().threshold()).isEqualTo(9);
            assertThat(factory.getBreaker("other").getConfig().threshold()).isEqualTo(5);
        });
    }

    @Test
    void timeSourceBeanDrivesTheBreakers() {
        runner.withBean(TimeSource.class, () -> FixedTime.INSTANCE).run(context -> {
            CircuitBreakerFactory factory = context.getBean(CircuitBreakerFactory.class);
            factory.getBreaker("x").open();
            assertThat(factory.getBreaker("x").getSnapshot().openedAt().toEpochMilli()).isEqualTo(42L);
        });
    }

    enum FixedTime implements TimeSource {
        INSTANCE;

        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public long currentTimeMillis() {
            return 42;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserFactory {
        static final CircuitBreakerFactory FACTORY = new CircuitBreakerFactory();

        @Bean
        CircuitBreakerFactory myFactory() {
            return FACTORY;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserStore {
        static final CircuitStore STORE = new CircuitStore() {
            private final InMemoryCircuitStore delegate = new InMemoryCircuitStore();

            @Override
            public String type() {
                return "mine";
            }

            @Override
            public io.purgatory.store.StoredCircuit attach(String name, io.purgatory.CircuitBreakerConfig config,
                    TimeSource time, io.purgatory.store.CircuitSignals signals) {
                return delegate.attach(name, config, time, signals);
            }
        };

        @Bean
        CircuitStore myStore() {
            return STORE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listener implements CircuitBreakerListener {
        final List<CircuitBreakerEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(CircuitBreakerEvent event) {
            events.add(event);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizer {
        @Bean
        CircuitBreakerConfigCustomizer paymentsThreshold() {
            return (name, config) -> {
                if (name.equals("payments")) {
                    config.threshold(9);
                }
            };
        }
    }
}
