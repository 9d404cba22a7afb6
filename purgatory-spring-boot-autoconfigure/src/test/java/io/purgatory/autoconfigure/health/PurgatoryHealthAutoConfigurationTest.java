package io.purgatory.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class PurgatoryHealthAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class,
                    PurgatoryHealthAutoConfiguration.class));

    @Test
    void isOffByDefault() {
        runner.run(context -> assertThat(context).doesNotHaveBean(PurgatoryHealthContributor.class));
    }

    @Test
    void registersTheContributorWhenEnabled() {
        runner.withPropertyValues("management.health.purgatory.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(PurgatoryHealthContributor.class)
                        .hasBean("purgatoryHealthContributor"));
    }

    @Test
    void bindsTheOpenStatus() {
        runner.withPropertyValues("management.health.purgatory.enabled=true",
                        "management.health.purgatory.open-status=out-of-service")
                .run(context -> {
                    context.getBean(CircuitBreakerFactory.class).getBreaker("payments")
                            .transitionTo(CircuitState.OPEN);
                    HealthContributor payments = context.getBean(PurgatoryHealthContributor.class)
                            .getContributor("payments");
                    assertThat(((HealthIndicator) payments).health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                });
    }

    @Test
    void staysOffWhenHealthDefaultsAreOnButPurgatoryIsNotEnabled() {
        runner.withPropertyValues("management.health.defaults.enabled=true")
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryHealthContributor.class));
    }

    @Test
    void backsOffWithoutActuator() {
        runner.withPropertyValues("management.health.purgatory.enabled=true")
                .withClassLoader(new FilteredClassLoader(HealthContributor.class))
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryHealthContributor.class));
    }

    @Test
    void backsOffWhenPurgatoryIsDisabled() {
        runner.withPropertyValues("management.health.purgatory.enabled=true", "purgatory.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryHealthContributor.class));
    }

    @Test
    void usesTheUsersContributor() {
        runner.withPropertyValues("management.health.purgatory.enabled=true")
                .withUserConfiguration(UserContributor.class)
                .run(context -> assertThat(context).hasSingleBean(PurgatoryHealthContributor.class)
                        .getBean("purgatoryHealthContributor").isSameAs(UserContributor.CONTRIBUTOR));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserContributor {

        static final PurgatoryHealthContributor CONTRIBUTOR = new PurgatoryHealthContributor(
                new CircuitBreakerFactory(), OpenCircuitStatus.DOWN, TimeSource.system());

        @Bean
        PurgatoryHealthContributor purgatoryHealthContributor() {
            return CONTRIBUTOR;
        }
    }
}
