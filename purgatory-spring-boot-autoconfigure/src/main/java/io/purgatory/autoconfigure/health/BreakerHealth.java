package io.purgatory.autoconfigure.health;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.store.CircuitSnapshot;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health of one breaker, independent of Boot's health types (which differ between Boot 3 and
 * Boot 4): UP unless the circuit rejects calls, then the configured status. Immutable; thread-safe.
 *
 * <p>An OPEN circuit whose open period has passed reports UP: it waits for a call to try, and a
 * readiness probe that kept traffic away from it would leave it open for ever.
 *
 * @param statusCode the status code, one of Boot's standard ones
 * @param details the details shown with it, in a stable order
 */
public record BreakerHealth(String statusCode, Map<String, Object> details) {

    /**
     * Assesses a breaker now.
     *
     * @param breaker the breaker
     * @param openStatus the status of a circuit that rejects calls
     * @param time the clock that tells whether an open period has passed (the factory's)
     * @return the breaker's health
     */
    public static BreakerHealth of(CircuitBreaker breaker, OpenCircuitStatus openStatus, TimeSource time) {
        CircuitSnapshot snapshot = breaker.getSnapshot();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", snapshot.state());
        details.put("consecutiveFailures", snapshot.consecutiveFailures());
        details.put("threshold", breaker.getConfig().threshold());
        details.put("store", breaker.getStoreType());
        details.put("storeDegraded", snapshot.degraded());
        if (snapshot.openedAt() != null) {
            details.put("openedAt", snapshot.openedAt());
        }
        return new BreakerHealth(rejectsCalls(snapshot, time) ? openStatus.code() : OpenCircuitStatus.UP.code(),
                Collections.unmodifiableMap(details));
    }

    /** Whether a circuit rejects calls now: forced open, or open with its open period still running. */
    static boolean rejectsCalls(CircuitSnapshot snapshot, TimeSource time) {
        CircuitState state = snapshot.state();
        return state == CircuitState.FORCED_OPEN || (state == CircuitState.OPEN && !trialDue(snapshot, time));
    }

    private static boolean trialDue(CircuitSnapshot snapshot, TimeSource time) {
        if (snapshot.openedAt() == null || snapshot.openPeriod() == null) {
            return false;
        }
        Instant trialFrom = snapshot.openedAt().plus(snapshot.openPeriod());
        return time.currentTimeMillis() >= trialFrom.toEpochMilli();
    }
}
