package io.purgatory;

/**
 * Adjusts a breaker's settings in code when the breaker is created, for what configuration files
 * cannot say (for example an exclude predicate). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CircuitBreakerConfigCustomizer {

    /**
     * Adjusts the settings of the breaker about to be created.
     *
     * @param circuitName the breaker's name
     * @param config a builder holding the settings from defaults and overrides
     */
    void customize(String circuitName, CircuitBreakerConfig.Builder config);
}
