package io.purgatory.springcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import io.purgatory.autoconfigure.EnvironmentChangeRefresh;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.autoconfigure.PurgatoryConfigurationRefresher;
import io.purgatory.autoconfigure.PurgatoryRefreshAutoConfiguration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.environment.EnvironmentManager;
import org.springframework.core.env.MapPropertySource;

/**
 * Runtime reconfiguration driven by Spring Cloud Context: {@link EnvironmentManager} (what the
 * actuator's environment endpoint and a config reload go through) changes a property and publishes
 * Spring Cloud's own {@link EnvironmentChangeEvent}, and Purgatory applies the change.
 */
class EnvironmentChangeRefreshTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class,
                    PurgatoryRefreshAutoConfiguration.class))
            .withPropertyValues("purgatory.breakers.payments.threshold=5");

    private static EnvironmentManager environmentManager(AssertableApplicationContext context) {
        EnvironmentManager manager = new EnvironmentManager(context.getEnvironment());
        manager.setApplicationEventPublisher(context);
        return manager;
    }

    private static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw new IllegalStateException("down");
            })).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void listensForEnvironmentChangesWhenSpringCloudIsPresent() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(EnvironmentChangeRefresh.class);
            assertThat(context).hasSingleBean(PurgatoryConfigurationRefresher.class);
        });
    }

    @Test
    void anEnvironmentChangeEventAppliesTheNewSettingsKeepingTheState() {
        runner.run(context -> {
            CircuitBreaker payments = context.getBean(CircuitBreakerFactory.class).getBreaker("payments");
            fail(payments, 3);

            environmentManager(context).setProperty("purgatory.breakers.payments.threshold", "2");

            assertThat(payments.getConfig().threshold()).isEqualTo(2);
            assertThat(payments.getConsecutiveFailures()).isEqualTo(3);
            fail(payments, 1);
            assertThat(payments.getState()).isEqualTo(CircuitState.OPEN);
        });
    }

    @Test
    void aBadValueIsRefusedAndTheOldSettingsStay() {
        runner.run(context -> {
            CircuitBreaker payments = context.getBean(CircuitBreakerFactory.class).getBreaker("payments");

            environmentManager(context).setProperty("purgatory.breakers.payments.threshold", "0");

            assertThat(payments.getConfig().threshold()).isEqualTo(5);
            assertThat(payments.getConfigChangedAt()).isNull();
        });
    }

    @Test
    void changesOfOtherKeysLeavePurgatoryAlone() {
        runner.run(context -> {
            CircuitBreaker payments = context.getBean(CircuitBreakerFactory.class).getBreaker("payments");
            // Changed behind Spring Cloud's back, then an event that names another key only.
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("edited",
                    Map.of("purgatory.breakers.payments.threshold", "3")));

            context.publishEvent(new EnvironmentChangeEvent(context, Set.of("server.port")));
            assertThat(payments.getConfig().threshold()).isEqualTo(5);

            context.publishEvent(new EnvironmentChangeEvent(context, Set.of("PURGATORY_BREAKERS_PAYMENTS_THRESHOLD")));
            assertThat(payments.getConfig().threshold()).as("an environment variable's name").isEqualTo(3);
        });
    }
}
