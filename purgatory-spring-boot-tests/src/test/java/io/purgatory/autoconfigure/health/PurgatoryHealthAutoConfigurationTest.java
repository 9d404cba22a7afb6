package io.purgatory.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.autoconfigure.testing.LineHealth;
import org.junit.jupiter.api.Test;
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
        runner.run(context -> assertThat(context).doesNotHaveBean(LineHealth.contributorType()));
    }

    @Test
    void registersTheContributorWhenEnabled() {
        runner.withPropertyValues("management.health.purgatory.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(LineHealth.contributorType())
                        .hasBean("purgatoryHealthContributor"));
    }

    @Test
    void bindsTheOpenStatus() {
        runner.withPropertyValues("management.health.purgatory.enabled=true",
                        "management.health.purgatory.open-status=out-of-service")
                .run(context -> {
                    context.getBean(CircuitBreakerFactory.class).getBreaker("payments")
                            .transitionTo(CircuitState.OPEN);
                    Object contributor = context.getBean("purgatoryHealthContributor");
                    assertThat(LineHealth.componentStatus(contributor, "payments")).isEqualTo("OUT_OF_SERVICE");
                });
    }

    @Test
    void staysOffWhenHealthDefaultsAreOnButPurgatoryIsNotEnabled() {
        runner.withPropertyValues("management.health.defaults.enabled=true")
                .run(context -> assertThat(context).doesNotHaveBean(LineHealth.contributorType()));
    }

    @Test
    void backsOffWithoutActuator() {
        runner.withPropertyValues("management.health.purgatory.enabled=true")
                // Boot 3's and Boot 4's health packages
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.health",
                        "org.springframework.boot.health.contributor"))
                .run(context -> assertThat(context).doesNotHaveBean(LineHealth.contributorType()));
    }

    @Test
    void backsOffWhenPurgatoryIsDisabled() {
        runner.withPropertyValues("management.health.purgatory.enabled=true", "purgatory.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(LineHealth.contributorType()));
    }

    @Test
    void usesTheUsersContributor() {
        runner.withPropertyValues("management.health.purgatory.enabled=true")
                .withUserConfiguration(UserContributor.class)
                .run(context -> assertThat(context).hasSingleBean(LineHealth.contributorType())
                        .getBean("purgatoryHealthContributor").isSameAs(UserContributor.CONTRIBUTOR));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserContributor {

        static final Object CONTRIBUTOR = LineHealth.contributor(new CircuitBreakerFactory(), OpenCircuitStatus.DOWN,
                TimeSource.system());

        @Bean
        Object purgatoryHealthContributor() {
            return CONTRIBUTOR;
        }
    }
}
