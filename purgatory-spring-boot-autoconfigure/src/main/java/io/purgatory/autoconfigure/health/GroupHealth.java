package io.purgatory.autoconfigure.health;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerGroup;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.store.CircuitSnapshot;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Assesses a group of keyed circuits as one health component, under the group's name. Stateless;
 * thread-safe.
 *
 * <p>Each circuit of the group, its shared circuit included, follows the plain-breaker rule of
 * {@link BreakerHealth}: one that rejects calls (forced open, or open before its open period ends) has the
 * configured open status. The group reports that status when any of its circuits does, so with the
 * default {@code open-status: up} an open tenant key never takes the application down, and with
 * {@code down} it does exactly what an open plain breaker would. The details count the circuits per
 * state and list the keys that are not closed, at most {@value #MAX_LISTED_KEYS}: a group may hold
 * thousands of circuits, and a health response must stay small.
 */
public final class GroupHealth {

    /** The most keys the {@code openKeys} detail lists. */
    public static final int MAX_LISTED_KEYS = 100;

    private GroupHealth() {
    }

    /**
     * Assesses a group now.
     *
     * @param group the group
     * @param shared the group's shared circuit (null keys and overflow), or {@code null} while it does not exist
     * @param openStatus the status of a circuit that rejects calls
     * @param time the clock that tells whether an open period has passed (the factory's)
     * @return the group's health, with the details {@code keys}, {@code states}, {@code rejectingKeys},
     *     {@code openKeys}, {@code openKeysTruncated} and, once it exists, {@code shared}
     */
    public static BreakerHealth of(CircuitBreakerGroup group, CircuitBreaker shared, OpenCircuitStatus openStatus,
            TimeSource time) {
        int[] counts = new int[CircuitState.values().length];
        Map<String, CircuitState> openKeys = new LinkedHashMap<>();
        int notClosed = 0;
        int rejecting = 0;
        for (CircuitBreaker circuit : group.getBreakers()) {
            CircuitSnapshot snapshot = circuit.getSnapshot();
            counts[snapshot.state().ordinal()]++;
            if (snapshot.state() != CircuitState.CLOSED && notClosed++ < MAX_LISTED_KEYS) {
                openKeys.put(circuit.getKey(), snapshot.state());
            }
            if (BreakerHealth.rejectsCalls(snapshot, time)) {
                rejecting++;
            }
        }
        Map<String, Integer> states = new LinkedHashMap<>();
        for (CircuitState state : CircuitState.values()) {
            states.put(state.name().toLowerCase(Locale.ROOT), counts[state.ordinal()]);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("keys", sum(counts));
        details.put("states", Collections.unmodifiableMap(states));
        details.put("rejectingKeys", rejecting);
        details.put("openKeys", Collections.unmodifiableMap(openKeys));
        details.put("openKeysTruncated", notClosed > MAX_LISTED_KEYS);
        boolean sharedRejects = false;
        if (shared != null) {
            CircuitSnapshot snapshot = shared.getSnapshot();
            details.put("shared", snapshot.state());
            sharedRejects = BreakerHealth.rejectsCalls(snapshot, time);
        }
        boolean rejects = rejecting > 0 || sharedRejects;
        return new BreakerHealth(rejects ? openStatus.code() : OpenCircuitStatus.UP.code(),
                Collections.unmodifiableMap(details));
    }

    private static int sum(int[] counts) {
        int sum = 0;
        for (int count : counts) {
            sum += count;
        }
        return sum;
    }
}
