package io.purgatory.autoconfigure.endpoint;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What {@code GET /actuator/purgatory} returns: every breaker known to the factory, and every group of
 * keyed circuits with its counts, each sorted by name. Immutable; thread-safe.
 *
 * @param breakers descriptors by circuit name, in name order
 * @param groups the counts of each group of keyed circuits, by group name, in name order
 */
public record BreakersDescriptor(Map<String, BreakerDescriptor> breakers, Map<String, GroupCountsDescriptor> groups)
        implements OperationResponseBody {

    /**
     * The breakers alone, without groups.
     *
     * @param breakers descriptors by circuit name
     */
    public BreakersDescriptor(Map<String, BreakerDescriptor> breakers) {
        this(breakers, Map.of());
    }
}
