package io.purgatory.autoconfigure.endpoint;

import io.purgatory.CircuitBreakerGroup;
import io.purgatory.CircuitState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How {@code GET /actuator/purgatory} summarises a group of keyed circuits. Immutable; thread-safe.
 *
 * @param keys how many keyed circuits the group holds
 * @param states how many of them are in each state, by lower-case state name
 */
public record GroupCountsDescriptor(int keys, Map<String, Integer> states) {

    /**
     * Counts a group's circuits now.
     *
     * @param group the group
     * @return its counts
     */
    public static GroupCountsDescriptor of(CircuitBreakerGroup group) {
        Map<CircuitState, Integer> counts = group.getStateCounts();
        int[] byOrdinal = new int[CircuitState.values().length];
        int keys = 0;
        for (Map.Entry<CircuitState, Integer> entry : counts.entrySet()) {
            byOrdinal[entry.getKey().ordinal()] = entry.getValue();
            keys += entry.getValue();
        }
        return new GroupCountsDescriptor(keys, byState(byOrdinal));
    }

    static Map<String, Integer> byState(int[] countsByOrdinal) {
        Map<String, Integer> states = new LinkedHashMap<>();
        for (CircuitState state : CircuitState.values()) {
            states.put(state.name().toLowerCase(Locale.ROOT), countsByOrdinal[state.ordinal()]);
        }
        return Collections.unmodifiableMap(states);
    }
}
