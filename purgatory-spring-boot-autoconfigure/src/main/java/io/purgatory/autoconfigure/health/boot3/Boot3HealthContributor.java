package io.purgatory.autoconfigure.health.boot3;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.health.BreakerHealth;
import io.purgatory.autoconfigure.health.OpenCircuitStatus;
import java.util.Iterator;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code purgatory} health component on Boot 3: one indicator per breaker of the factory,
 * including breakers created after start-up, in name order. Thread-safe. Loaded only on Boot 3.
 */
public class Boot3HealthContributor implements CompositeHealthContributor {

    private final CircuitBreakerFactory factory;
    private final OpenCircuitStatus openStatus;
    private final TimeSource time;

    /**
     * Creates the contributor.
     *
     * @param factory the factory whose breakers are reported
     * @param openStatus the status of a circuit that rejects calls
     * @param time the clock that tells whether an open period has passed (the factory's)
     */
    public Boot3HealthContributor(CircuitBreakerFactory factory, OpenCircuitStatus openStatus, TimeSource time) {
        this.factory = factory;
        this.openStatus = openStatus;
        this.time = time;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return factory.findBreaker(name).map(this::indicator).orElse(null);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return factory.getBreakers().stream()
                .map(breaker -> NamedContributor.<HealthContributor>of(breaker.getName(), indicator(breaker)))
                .iterator();
    }

    private HealthIndicator indicator(CircuitBreaker breaker) {
        return () -> {
            BreakerHealth health = BreakerHealth.of(breaker, openStatus, time);
            return Health.status(new Status(health.statusCode())).withDetails(health.details()).build();
        };
    }
}
