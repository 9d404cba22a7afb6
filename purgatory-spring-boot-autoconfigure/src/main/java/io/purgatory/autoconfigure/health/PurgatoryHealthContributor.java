package io.purgatory.autoconfigure.health;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.TimeSource;
import java.util.Iterator;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * The {@code purgatory} health component: one {@link BreakerHealthIndicator} per breaker of the
 * factory, including breakers created after start-up, in name order. Thread-safe.
 */
public class PurgatoryHealthContributor implements CompositeHealthContributor {

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
    public PurgatoryHealthContributor(CircuitBreakerFactory factory, OpenCircuitStatus openStatus, TimeSource time) {
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

    private BreakerHealthIndicator indicator(CircuitBreaker breaker) {
        return new BreakerHealthIndicator(breaker, openStatus, time);
    }
}
