package io.purgatory.autoconfigure;

import io.purgatory.CircuitBreakerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Creates the breakers named under {@code purgatory.breakers} once every singleton exists, so that
 * the actuator and meters show them before their first call, and annotation excludes collected
 * while beans were created are already known. Thread-safe (runs once).
 */
public class ConfiguredBreakersRegistrar implements SmartInitializingSingleton {

    private final ObjectProvider<CircuitBreakerFactory> factory;

    ConfiguredBreakersRegistrar(ObjectProvider<CircuitBreakerFactory> factory) {
        this.factory = factory;
    }

    @Override
    public void afterSingletonsInstantiated() {
        CircuitBreakerFactory breakers = factory.getIfUnique();
        if (breakers != null) {
            breakers.getConfiguredNames().forEach(breakers::getBreaker);
        }
    }
}
