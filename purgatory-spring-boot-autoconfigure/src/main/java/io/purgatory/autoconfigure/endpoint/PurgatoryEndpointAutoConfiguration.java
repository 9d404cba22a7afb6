package io.purgatory.autoconfigure.endpoint;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code purgatory} actuator endpoint, when Actuator is present and the
 * endpoint is accessible and exposed, with its web extension for HTTP statuses.
 */
@AutoConfiguration(after = PurgatoryAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(CircuitBreakerFactory.class)
@ConditionalOnAvailableEndpoint(endpoint = PurgatoryEndpoint.class)
public class PurgatoryEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PurgatoryEndpoint purgatoryEndpoint(CircuitBreakerFactory circuitBreakerFactory) {
        return new PurgatoryEndpoint(circuitBreakerFactory);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(PurgatoryEndpoint.class)
    PurgatoryEndpointWebExtension purgatoryEndpointWebExtension(PurgatoryEndpoint purgatoryEndpoint) {
        return new PurgatoryEndpointWebExtension(purgatoryEndpoint);
    }
}
