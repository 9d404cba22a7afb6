package io.purgatory.autoconfigure.health;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.store.CircuitSnapshot;
import java.time.Instant;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The health of one breaker: UP unless the circuit rejects calls, then the configured status.
 * Thread-safe.
 *
 * <p>An OPEN circuit whose open period has passed reports UP: it waits for a call to try, and a
 * readiness probe that kept traffic away from it would leave it open for ever.
 */
public class BreakerHealthIndicator implements HealthIndicator {

    private final CircuitBreaker breaker;
    private final Status openStatus;
    private final TimeSource time;

    /**
     * Creates the indicator of one breaker.
     *
     * @param breaker the breaker
     * @param openStatus the status of a circuit that rejects calls
     * @param time the clock that tells whether an open period has passed (the factory's)
     */
    public BreakerHealthIndicator(CircuitBreaker breaker, OpenCircuitStatus openStatus, TimeSource time) {
        this.breaker = breaker;
        this.openStatus = openStatus.status();
        this.time = time;
    }

    @Override
    public Health health() {
        CircuitSnapshot snapshot = breaker.getSnapshot();
        Health.Builder health = Health.status(status(snapshot))
                .withDetail("state", snapshot.state())
                .withDetail("consecutiveFailures", snapshot.consecutiveFailures())
                .withDetail("threshold", breaker.getConfig().threshold())
                .withDetail("store", breaker.getStoreType())
                .withDetail("storeDegraded", snapshot.degraded());
        if (snapshot.openedAt() != null) {
            health.withDetail("openedAt", snapshot.openedAt());
        }
        return health.build();
    }

    private Status status(CircuitSnapshot snapshot) {
        CircuitState state = snapshot.state();
        if (state == CircuitState.FORCED_OPEN || (state == CircuitState.OPEN && !trialDue(snapshot))) {
            return openStatus;
        }
        return Status.UP;
    }

    private boolean trialDue(CircuitSnapshot snapshot) {
        if (snapshot.openedAt() == null || snapshot.openPeriod() == null) {
            return false;
        }
        Instant trialFrom = snapshot.openedAt().plus(snapshot.openPeriod());
        return time.currentTimeMillis() >= trialFrom.toEpochMilli();
    }
}
