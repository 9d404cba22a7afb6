package io.purgatory.autoconfigure.endpoint;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerGroup;
import io.purgatory.CircuitState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What the {@code purgatory} endpoint shows about a group of keyed circuits. Immutable; thread-safe.
 *
 * @param keys how many keyed circuits the group holds
 * @param states how many of them are in each state, by lower-case state name
 * @param openKeys the keys whose circuit is not CLOSED (open, half-open, forced open or disabled) with that
 *     state, in key order, at most {@value #MAX_LISTED_KEYS}
 * @param openKeysTruncated whether more keys than listed are not CLOSED
 * @param overflows how many new keys found the group full and used the shared circuit
 * @param evictions how many circuits the group evicted
 * @param shared the group's shared circuit (null keys and overflow), absent until first used
 * @param config the settings every circuit of the group is created with
 */
public record GroupDescriptor(
        int keys,
        Map<String, Integer> states,
        Map<String, CircuitState> openKeys,
        boolean openKeysTruncated,
        long overflows,
        long evictions,
        BreakerDescriptor shared,
        Map<String, Object> config) implements OperationResponseBody {

    /** The most keys {@link #openKeys()} lists: a group may hold thousands of open circuits. */
    public static final int MAX_LISTED_KEYS = 100;

    /**
     * Describes a group as it is now.
     *
     * @param group the group
     * @param shared the group's shared circuit if it exists
     * @return its descriptor
     */
    public static GroupDescriptor of(CircuitBreakerGroup group, CircuitBreaker shared) {
        List<CircuitBreaker> circuits = group.getBreakers();
        Map<String, CircuitState> open = new LinkedHashMap<>();
        int notClosed = 0;
        int[] counts = new int[CircuitState.values().length];
        for (CircuitBreaker circuit : circuits) {
            CircuitState state = circuit.getState();
            counts[state.ordinal()]++;
            if (state != CircuitState.CLOSED && notClosed++ < MAX_LISTED_KEYS) {
                open.put(circuit.getKey(), state);
            }
        }
        return new GroupDescriptor(circuits.size(), GroupCountsDescriptor.byState(counts), Collections.unmodifiableMap(open),
                notClosed > MAX_LISTED_KEYS, group.getOverflowCount(), group.getEvictionCount(),
                shared == null ? null : BreakerDescriptor.of(shared), BreakerDescriptor.settings(group.getConfig()));
    }
}
