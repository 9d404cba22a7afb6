package io.purgatory.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.autoconfigure.CircuitBreakerFactoryBuilderCustomizer;
import io.purgatory.autoconfigure.InvalidPurgatoryPropertiesException;
import io.purgatory.autoconfigure.InvalidPurgatoryPropertiesException.Violation;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Purgatory's Micrometer meters, when Micrometer, a {@link MeterRegistry} and
 * a {@link CircuitBreakerFactory} are present and {@code purgatory.metrics.enabled} is not false.
 */
// Boot's meter registry auto-configurations by name: their package differs between Boot 3 and Boot 4.
@AutoConfiguration(after = PurgatoryAutoConfiguration.class, afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterBinder.class, MeterRegistry.class })
@ConditionalOnBean({ MeterRegistry.class, CircuitBreakerFactory.class })
@ConditionalOnBooleanProperty(name = "purgatory.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PurgatoryMetricsProperties.class)
public class PurgatoryMetricsAutoConfiguration {

    /**
     * Records a breaker's calls only when a registry, configured, gives its purgatory.breaker.calls a
     * histogram, percentiles or SLOs (the binder asks each registry when it binds).
     */
    @Bean
    @ConditionalOnMissingBean
    PurgatoryMeterBinder purgatoryMeterBinder(CircuitBreakerFactory circuitBreakerFactory,
            PurgatoryMetricsProperties properties) {
        List<Tag> tags = properties.getTags().entrySet().stream()
                .map(tag -> Tag.of(tag.getKey(), tag.getValue()))
                .toList();
        return new PurgatoryMeterBinder(circuitBreakerFactory, tags, false, properties.getPerKey());
    }

    @Bean
    @ConditionalOnMissingBean
    RefreshFailureMeters purgatoryRefreshFailureMeters() {
        return new RefreshFailureMeters();
    }

    /** Found by the factory's auto-configuration, which builds the factory after these definitions exist. */
    @Bean
    @ConditionalOnBooleanProperty(name = "purgatory.metrics.call-durations", matchIfMissing = true)
    CircuitBreakerFactoryBuilderCustomizer purgatoryCallDurations(PurgatoryMetricsProperties properties) {
        int sampling = properties.getCallDurationSampling();
        if (sampling < 1) {
            throw new InvalidPurgatoryPropertiesException(List.of(new Violation("purgatory.metrics.call-duration-sampling",
                    sampling, "must be at least 1 (1 times every call)")));
        }
        return builder -> builder.recordCallDurations(true).callDurationSampling(sampling);
    }
}
