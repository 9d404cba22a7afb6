package io.purgatory.autoconfigure.health;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the opt-in {@code purgatory} health contributor
 * ({@code management.health.purgatory.enabled=true}).
 */
@AutoConfiguration(after = PurgatoryAutoConfiguration.class, before = HealthContributorAutoConfiguration.class)
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(CircuitBreakerFactory.class)
// Opt-in: the enabled-indicator condition alone would follow management.health.defaults.enabled (true).
@ConditionalOnBooleanProperty("management.health.purgatory.enabled")
@ConditionalOnEnabledHealthIndicator("purgatory")
@EnableConfigurationProperties(PurgatoryHealthProperties.class)
public class PurgatoryHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "purgatoryHealthContributor")
    PurgatoryHealthContributor purgatoryHealthContributor(CircuitBreakerFactory circuitBreakerFactory,
            PurgatoryHealthProperties properties, ObjectProvider<TimeSource> timeSource) {
        return new PurgatoryHealthContributor(circuitBreakerFactory, properties.getOpenStatus(),
                timeSource.getIfAvailable(TimeSource::system));
    }
}
