package io.purgatory.autoconfigure.endpoint;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitState;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP face of {@link PurgatoryEndpoint}'s write operation: 404 for an unknown breaker, 400 with
 * the valid states for an unknown state. The read operations need no extension: Actuator already
 * answers a {@code null} read with 404. Thread-safe.
 */
@EndpointWebExtension(endpoint = PurgatoryEndpoint.class)
public class PurgatoryEndpointWebExtension {

    private final PurgatoryEndpoint endpoint;

    /**
     * Creates the extension.
     *
     * @param endpoint the endpoint whose breakers it forces
     */
    public PurgatoryEndpointWebExtension(PurgatoryEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * Forces a breaker into a state; {@code CLOSED} also resets its counts.
     *
     * @param name the circuit name, split at each {@code /} as the path segments that carry it
     * @param state the state to force, case-insensitive: one of {@link CircuitState}
     * @return the breaker afterwards, 404 for an unknown name, 400 for an unknown state
     */
    @WriteOperation
    public WebEndpointResponse<OperationResponseBody> forceState(@Selector(match = Match.ALL_REMAINING) String[] name,
            String state) {
        Optional<CircuitBreaker> breaker = endpoint.find(name);
        if (breaker.isEmpty()) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        if (PurgatoryEndpoint.parse(state) == null) {
            return new WebEndpointResponse<>(PurgatoryEndpoint.unknownState(state), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        return new WebEndpointResponse<>(endpoint.forceState(name, state));
    }
}
