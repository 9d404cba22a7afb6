package io.purgatory.autoconfigure;

import io.purgatory.CircuitBreakerFactory;

/**
 * Adjusts the {@link CircuitBreakerFactory.Builder} before the auto-configured factory is built, for
 * settings that have no property. Every bean of this type is applied, in order. Implementations must
 * be thread-safe.
 */
@FunctionalInterface
public interface CircuitBreakerFactoryBuilderCustomizer {

    /**
     * Adjusts the builder.
     *
     * @param builder the builder, already holding the configured defaults, overrides, store and listeners
     */
    void customize(CircuitBreakerFactory.Builder builder);
}
