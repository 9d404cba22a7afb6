package io.purgatory.autoconfigure.health;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.autoconfigure.health.boot3.Boot3HealthContributor;
import io.purgatory.autoconfigure.health.boot4.Boot4HealthContributor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the opt-in {@code purgatory} health contributor
 * ({@code management.health.purgatory.enabled=true}), on whichever Boot line runs: Boot 3 keeps the
 * health types in Actuator, Boot 4 in {@code spring-boot-health}. Each nested configuration names its
 * line's classes only by string until its condition has matched, so the other line's are never loaded.
 */
@AutoConfiguration(after = PurgatoryAutoConfiguration.class, beforeName = {
        "org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration",
        "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration" })
@ConditionalOnBean(CircuitBreakerFactory.class)
// Opt-in: the enabled-indicator condition alone would follow management.health.defaults.enabled (true).
@ConditionalOnBooleanProperty("management.health.purgatory.enabled")
@EnableConfigurationProperties(PurgatoryHealthProperties.class)
public class PurgatoryHealthAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthContributor")
    @org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator("purgatory")
    static class OnBoot3 {

        @Bean
        @ConditionalOnMissingBean(name = "purgatoryHealthContributor")
        Boot3HealthContributor purgatoryHealthContributor(CircuitBreakerFactory circuitBreakerFactory,
                PurgatoryHealthProperties properties, ObjectProvider<TimeSource> timeSource) {
            return new Boot3HealthContributor(circuitBreakerFactory, properties.getOpenStatus(),
                    timeSource.getIfAvailable(TimeSource::system));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
    @org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator("purgatory")
    static class OnBoot4 {

        @Bean
        @ConditionalOnMissingBean(name = "purgatoryHealthContributor")
        Boot4HealthContributor purgatoryHealthContributor(CircuitBreakerFactory circuitBreakerFactory,
                PurgatoryHealthProperties properties, ObjectProvider<TimeSource> timeSource) {
            return new Boot4HealthContributor(circuitBreakerFactory, properties.getOpenStatus(),
                    timeSource.getIfAvailable(TimeSource::system));
        }
    }
}
