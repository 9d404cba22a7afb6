package io.purgatory.springcloud;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerConfigCustomizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.springframework.cloud.client.circuitbreaker.ConfigBuilder;

/**
 * The builder that Spring Cloud's {@code configure(builder -> ..., ids...)} hands out: it collects adjustments of a
 * Purgatory {@link CircuitBreakerConfig.Builder} and builds them into one {@link CircuitBreakerConfigCustomizer},
 * applied on top of {@code purgatory.defaults} and {@code purgatory.breakers.<id>} when the circuit is created. Not
 * thread-safe (one builder per {@code configure} call).
 *
 * <pre>{@code
 * factory.configure(builder -> builder.settings(config -> config.threshold(3).ttl(Duration.ofSeconds(10))), "payments");
 * }</pre>
 */
public final class PurgatoryConfigBuilder implements ConfigBuilder<CircuitBreakerConfigCustomizer> {

    private final List<Consumer<CircuitBreakerConfig.Builder>> adjustments = new ArrayList<>();

    PurgatoryConfigBuilder() {
    }

    /**
     * Adds an adjustment of the circuit's settings; adjustments run in the order they were added.
     *
     * @param adjustment changes the builder that holds the circuit's settings from YAML
     * @return this builder
     */
    public PurgatoryConfigBuilder settings(Consumer<CircuitBreakerConfig.Builder> adjustment) {
        adjustments.add(Objects.requireNonNull(adjustment, "adjustment"));
        return this;
    }

    @Override
    public CircuitBreakerConfigCustomizer build() {
        List<Consumer<CircuitBreakerConfig.Builder>> all = List.copyOf(adjustments);
        return (circuitName, config) -> all.forEach(adjustment -> adjustment.accept(config));
    }
}
