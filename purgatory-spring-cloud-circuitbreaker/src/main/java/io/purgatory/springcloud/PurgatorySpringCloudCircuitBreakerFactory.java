package io.purgatory.springcloud;

import io.purgatory.CircuitBreakerConfigCustomizer;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;

/**
 * Spring Cloud CircuitBreaker's blocking factory on Purgatory: {@code create(id)} returns a circuit breaker backed by
 * Purgatory's breaker named {@code id}, so {@code purgatory.breakers.<id>}, the actuator endpoint, the meters and
 * a Redis store apply to it as to {@code @CircuitBreaker("<id>")}. {@code configure(builder -> builder.settings(...),
 * ids...)} and {@code configureDefault(...)} adjust a circuit's settings in code, on top of YAML, when the circuit is
 * created. Thread-safe.
 */
public class PurgatorySpringCloudCircuitBreakerFactory
        extends CircuitBreakerFactory<CircuitBreakerConfigCustomizer, PurgatoryConfigBuilder> {

    private final SpringCloudCircuitSettings settings;
    private final CircuitAdapters<CircuitBreaker> circuits;

    /**
     * Creates the factory.
     *
     * @param breakers Purgatory's factory, built with {@code settings} among its customizers
     * @param settings the code configuration shared with the reactive factory
     */
    public PurgatorySpringCloudCircuitBreakerFactory(io.purgatory.CircuitBreakerFactory breakers,
            SpringCloudCircuitSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.circuits = new CircuitAdapters<>(Objects.requireNonNull(breakers, "breakers"), settings,
                PurgatorySpringCloudCircuitBreaker::new);
    }

    @Override
    public CircuitBreaker create(String id) {
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
