package io.purgatory.autoconfigure.health.boot4;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.health.BreakerHealth;
import io.purgatory.autoconfigure.health.OpenCircuitStatus;
import java.util.stream.Stream;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code purgatory} health component on Boot 4: one indicator per breaker of the factory,
 * including breakers created after start-up, in name order. Thread-safe. Loaded only on Boot 4.
 */
public class Boot4HealthContributor implements CompositeHealthContributor {

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
    public Boot4HealthContributor(CircuitBreakerFactory factory, OpenCircuitStatus openStatus, TimeSource time) {
        this.factory = factory;
        this.openStatus = openStatus;
        this.time = time;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return factory.findBreaker(name).map(this::indicator).orElse(null);
    }

    @Override
    public Stream<Entry> stream() {
        return factory.getBreakers().stream().map(breaker -> new Entry(breaker.getName(), indicator(breaker)));
    }

    private HealthIndicator indicator(CircuitBreaker breaker) {
        return () -> {
            BreakerHealth health = BreakerHealth.of(breaker, openStatus, time);
            return Health.status(new Status(health.statusCode())).withDetails(health.details()).build();
        };
    }
}
