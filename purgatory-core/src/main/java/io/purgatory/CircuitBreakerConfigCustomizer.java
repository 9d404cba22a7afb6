package io.purgatory;

/**
 * Adjusts a breaker's settings in code when the breaker is created, and again each time its settings are
 * replaced at runtime ({@link CircuitBreakerFactory#reconfigure(String, CircuitBreakerConfig)}), for what
 * configuration files cannot say (for example an exclude predicate). Implementations must be thread-safe
 * and give the same answer for the same input: a reconfiguration compares the result with the breaker's
 * settings (a rule with a predicate made anew each time always counts as a change).
 */
@FunctionalInterface
public interface CircuitBreakerConfigCustomizer {

    /**
     * Adjusts the settings of the breaker about to be created or reconfigured.
     *
     * @param circuitName the breaker's name
     * @param config a builder holding the settings from defaults and overrides
     */
    void customize(String circuitName, CircuitBreakerConfig.Builder config);
}
