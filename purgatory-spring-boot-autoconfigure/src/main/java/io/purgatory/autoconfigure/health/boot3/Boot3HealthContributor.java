package io.purgatory.autoconfigure.health.boot3;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.health.BreakerHealth;
import io.purgatory.autoconfigure.health.HealthComponents;
import io.purgatory.autoconfigure.health.OpenCircuitStatus;
import java.util.Iterator;
import java.util.function.Supplier;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code purgatory} health component on Boot 3: one indicator per breaker and per
 * group of keyed circuits of the factory ({@link HealthComponents}), including those created after
 * start-up, in name order. Thread-safe. Loaded only on Boot 3.
 */
public class Boot3HealthContributor implements CompositeHealthContributor {

    private final HealthComponents components;

    /**
     * Creates the contributor.
     *
     * @param factory the factory whose breakers are reported
     * @param openStatus the status of a circuit that rejects calls
     * @param time the clock that tells whether an open period has passed (the factory's)
     */
    public Boot3HealthContributor(CircuitBreakerFactory factory, OpenCircuitStatus openStatus, TimeSource time) {
        this.components = new HealthComponents(factory, openStatus, time);
    }

    @Override
    public HealthContributor getContributor(String name) {
        Supplier<BreakerHealth> component = components.find(name);
        return component == null ? null : indicator(component);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return components.list().stream()
                .map(component -> NamedContributor.<HealthContributor>of(component.getKey(), indicator(component.getValue())))
                .iterator();
    }

    private static HealthIndicator indicator(Supplier<BreakerHealth> component) {
        return () -> {
            BreakerHealth health = component.get();
            return Health.status(new Status(health.statusCode())).withDetails(health.details()).build();
        };
    }
}
