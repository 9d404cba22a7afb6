package io.purgatory.springcloud;

import io.purgatory.CircuitBreakerConfigCustomizer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;

/**
 * Spring Cloud CircuitBreaker's reactive factory on Purgatory: {@code create(id)} guards a {@code Mono} or
 * {@code Flux} with Purgatory's breaker named {@code id}, taking the permission at each subscription, as
 * {@code @CircuitBreaker} does on reactive methods. Shares its code configuration with
 * {@link PurgatorySpringCloudCircuitBreakerFactory}. Thread-safe.
 */
public class ReactivePurgatorySpringCloudCircuitBreakerFactory
        extends ReactiveCircuitBreakerFactory<CircuitBreakerConfigCustomizer, PurgatoryConfigBuilder> {

    private final SpringCloudCircuitSettings settings;
    private final CircuitAdapters<ReactiveCircuitBreaker> circuits;

    /**
     * Creates the factory.
     *
     * @param breakers Purgatory's factory, built with {@code settings} among its customizers
     * @param settings the code configuration shared with the blocking factory
     */
    public ReactivePurgatorySpringCloudCircuitBreakerFactory(io.purgatory.CircuitBreakerFactory breakers,
            SpringCloudCircuitSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.circuits = new CircuitAdapters<>(Objects.requireNonNull(breakers, "breakers"), settings,
                PurgatoryReactiveCircuitBreaker::new);
    }

    @Override
    public ReactiveCircuitBreaker create(String id) {
        return circuits.get(id);
    }

    @Override
    protected PurgatoryConfigBuilder configBuilder(String id) {
        return new PurgatoryConfigBuilder();
    }

    @Override
    public void configureDefault(Function<String, CircuitBreakerConfigCustomizer> defaultConfiguration) {
        settings.configureDefault(defaultConfiguration);
    }

    @Override
    protected ConcurrentHashMap<String, CircuitBreakerConfigCustomizer> getConfigurations() {
        return settings.configurations();
    }
}
