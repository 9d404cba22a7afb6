package io.purgatory.springcloud;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerConfigCustomizer;
import io.purgatory.CircuitBreakerFactory;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the Spring Cloud factories were told in code, handed to Purgatory's {@link CircuitBreakerFactory} as one
 * {@link CircuitBreakerConfigCustomizer}: an id's own {@code configure(...)} first, otherwise the
 * {@code configureDefault(...)} function for ids created through a Spring Cloud factory that have no
 * {@code purgatory.breakers.<id>} entry (so code never overrides an id's YAML by accident). Both factories share one
 * instance. Settings apply when a circuit is created: configure before the first call. Thread-safe.
 */
public final class SpringCloudCircuitSettings implements CircuitBreakerConfigCustomizer {

    private final ConcurrentHashMap<String, CircuitBreakerConfigCustomizer> configurations = new ConcurrentHashMap<>();
    private final Set<String> springCloudIds = ConcurrentHashMap.newKeySet();
    private final Supplier<CircuitBreakerFactory> breakers;
    private volatile Function<String, CircuitBreakerConfigCustomizer> defaultConfiguration;

    /**
     * Creates empty settings.
     *
     * @param breakers Purgatory's factory, looked up only when a circuit is created (it is built with these settings)
     */
    public SpringCloudCircuitSettings(Supplier<CircuitBreakerFactory> breakers) {
        this.breakers = Objects.requireNonNull(breakers, "breakers");
    }

    ConcurrentHashMap<String, CircuitBreakerConfigCustomizer> configurations() {
        return configurations;
    }

    void configureDefault(Function<String, CircuitBreakerConfigCustomizer> defaultConfiguration) {
        this.defaultConfiguration = Objects.requireNonNull(defaultConfiguration, "defaultConfiguration");
    }

    /** Marks an id as used through Spring Cloud, before its circuit is created. */
    void created(String id) {
        springCloudIds.add(id);
    }

    @Override
    public void customize(String circuitName, CircuitBreakerConfig.Builder config) {
        CircuitBreakerConfigCustomizer own = configurations.get(circuitName);
        if (own != null) {
            own.customize(circuitName, config);
            return;
        }
        Function<String, CircuitBreakerConfigCustomizer> fallback = defaultConfiguration;
        if (fallback != null && springCloudIds.contains(circuitName)
                && !breakers.get().getConfiguredNames().contains(circuitName)) {
            CircuitBreakerConfigCustomizer byDefault = fallback.apply(circuitName);
            if (byDefault != null) {
                byDefault.customize(circuitName, config);
            }
        }
    }
}
