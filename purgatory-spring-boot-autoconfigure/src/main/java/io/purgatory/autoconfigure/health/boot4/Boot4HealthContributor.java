package io.purgatory.autoconfigure.health.boot4;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.health.BreakerHealth;
import io.purgatory.autoconfigure.health.HealthComponents;
import io.purgatory.autoconfigure.health.OpenCircuitStatus;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code purgatory} health component on Boot 4: one indicator per breaker and per
 * group of keyed circuits of the factory ({@link HealthComponents}), including those created after
 * start-up, in name order. Thread-safe. Loaded only on Boot 4.
 */
public class Boot4HealthContributor implements CompositeHealthContributor {

    private final HealthComponents components;

    /**
     * Creates the contributor.
     *
     * @param factory the factory whose breakers are reported
     * @param openStatus the status of a circuit that rejects calls
     * @param time the clock that tells whether an open period has passed (the factory's)
     */
    public Boot4HealthContributor(CircuitBreakerFactory factory, OpenCircuitStatus openStatus, TimeSource time) {
        this.components = new HealthComponents(factory, openStatus, time);
    }

    @Override
    public HealthContributor getContributor(String name) {
        Supplier<BreakerHealth> component = components.find(name);
        return component == null ? null : indicator(component);
    }

    @Override
    public Stream<Entry> stream() {
        return components.list().stream().map(component -> new Entry(component.getKey(), indicator(component.getValue())));
    }

    private static HealthIndicator indicator(Supplier<BreakerHealth> component) {
        return () -> {
            BreakerHealth health = component.get();
            return Health.status(new Status(health.statusCode())).withDetails(health.details()).build();
        };
    }
}
