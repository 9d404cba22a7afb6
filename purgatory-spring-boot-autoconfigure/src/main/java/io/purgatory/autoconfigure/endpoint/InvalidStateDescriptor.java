package io.purgatory.autoconfigure.endpoint;

import java.util.List;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * The body of a 400 answer to a write with a state that does not exist. Immutable; thread-safe.
 *
 * @param error what was wrong
 * @param validStates the states that may be forced
 */
public record InvalidStateDescriptor(String error, List<String> validStates) implements OperationResponseBody {
}
