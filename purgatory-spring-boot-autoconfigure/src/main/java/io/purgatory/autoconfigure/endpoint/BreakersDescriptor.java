package io.purgatory.autoconfigure.endpoint;

import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What {@code GET /actuator/purgatory} returns: every breaker known to the factory, sorted by name.
 * Immutable; thread-safe.
 *
 * @param breakers descriptors by circuit name, in name order
 */
public record BreakersDescriptor(Map<String, BreakerDescriptor> breakers) implements OperationResponseBody {
}
