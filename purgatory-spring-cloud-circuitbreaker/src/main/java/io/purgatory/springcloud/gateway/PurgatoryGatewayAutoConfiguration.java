package io.purgatory.springcloud.gateway;

import io.purgatory.springcloud.PurgatorySpringCloudAutoConfiguration;
import io.purgatory.springcloud.ReactivePurgatorySpringCloudCircuitBreakerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.gateway.filter.factory.FallbackHeadersGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.DispatcherHandler;

/**
 * Auto-configuration of Spring Cloud Gateway's {@code CircuitBreaker} and {@code FallbackHeaders} route filters on
 * Purgatory's reactive factory: the gateway registers them only for Resilience4j. Backs off when either filter is
 * already defined and when the reactive factory is not Purgatory's.
 */
@AutoConfiguration(after = PurgatorySpringCloudAutoConfiguration.class)
@ConditionalOnClass({ SpringCloudCircuitBreakerFilterFactory.class, DispatcherHandler.class })
@ConditionalOnBean(ReactivePurgatorySpringCloudCircuitBreakerFactory.class)
public class PurgatoryGatewayAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(SpringCloudCircuitBreakerFilterFactory.class)
    PurgatoryGatewayFilterFactory purgatoryGatewayFilterFactory(ReactivePurgatorySpringCloudCircuitBreakerFactory circuitBreakers,
            ObjectProvider<DispatcherHandler> dispatcherHandler) {
        return new PurgatoryGatewayFilterFactory(circuitBreakers, dispatcherHandler);
    }

    @Bean
    @ConditionalOnMissingBean
    FallbackHeadersGatewayFilterFactory fallbackHeadersGatewayFilterFactory() {
        return new FallbackHeadersGatewayFilterFactory();
    }
}
