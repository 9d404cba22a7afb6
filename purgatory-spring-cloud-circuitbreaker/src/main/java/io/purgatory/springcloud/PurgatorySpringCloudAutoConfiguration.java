package io.purgatory.springcloud;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of Spring Cloud CircuitBreaker on Purgatory: the blocking and, with Reactor, the reactive
 * factory over Purgatory's {@link CircuitBreakerFactory}, each applying the application's
 * {@code Customizer<...Factory>} beans once at start-up. Backs off when the application (or another implementation
 * such as Resilience4j's) defines Spring Cloud's factory, and with {@code purgatory.spring-cloud.enabled=false}. Runs
 * before OpenFeign's auto-configuration, which looks for a {@code CircuitBreakerFactory} bean.
 */
@AutoConfiguration(after = PurgatoryAutoConfiguration.class,
        beforeName = "org.springframework.cloud.openfeign.FeignAutoConfiguration")
@ConditionalOnClass(org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory.class)
@ConditionalOnBean(CircuitBreakerFactory.class)
@ConditionalOnBooleanProperty(name = "purgatory.spring-cloud.enabled", matchIfMissing = true)
public class PurgatorySpringCloudAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SpringCloudCircuitSettings purgatorySpringCloudCircuitSettings(ObjectProvider<CircuitBreakerFactory> breakers) {
        return new SpringCloudCircuitSettings(breakers::getObject);
    }

    @Bean
    @ConditionalOnMissingBean(org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory.class)
    PurgatorySpringCloudCircuitBreakerFactory purgatorySpringCloudCircuitBreakerFactory(CircuitBreakerFactory breakers,
            SpringCloudCircuitSettings settings,
            ObjectProvider<Customizer<PurgatorySpringCloudCircuitBreakerFactory>> customizers) {
        PurgatorySpringCloudCircuitBreakerFactory factory = new PurgatorySpringCloudCircuitBreakerFactory(breakers, settings);
        customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
        return factory;
    }

    /** The reactive factory, when Reactor is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "reactor.core.publisher.Mono")
    static class ReactiveFactoryConfiguration {

        @Bean
        @ConditionalOnMissingBean(org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory.class)
        ReactivePurgatorySpringCloudCircuitBreakerFactory reactivePurgatorySpringCloudCircuitBreakerFactory(
                CircuitBreakerFactory breakers, SpringCloudCircuitSettings settings,
                ObjectProvider<Customizer<ReactivePurgatorySpringCloudCircuitBreakerFactory>> customizers) {
            ReactivePurgatorySpringCloudCircuitBreakerFactory factory =
                    new ReactivePurgatorySpringCloudCircuitBreakerFactory(breakers, settings);
            customizers.orderedStream().forEach(customizer -> customizer.customize(factory));
            return factory;
        }
    }
}
