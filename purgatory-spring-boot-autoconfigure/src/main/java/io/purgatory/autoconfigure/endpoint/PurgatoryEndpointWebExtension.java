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
import org.springframework.lang.Nullable;

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
     * @param name the circuit or group name, split at each {@code /} as the path segments that carry it
     * @param state the state to force, case-insensitive: one of {@link CircuitState}
     * @param key a key of the group {@code name} (query parameter or body field), or {@code null}
     * @return the circuit afterwards, 404 for an unknown name, group or key, 400 for an unknown state
     */
    @WriteOperation
    public WebEndpointResponse<OperationResponseBody> forceState(@Selector(match = Match.ALL_REMAINING) String[] name,
            String state, @Nullable String key) {
        Optional<CircuitBreaker> breaker = endpoint.find(name, key);
        if (breaker.isEmpty()) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        if (PurgatoryEndpoint.parse(state) == null) {
            return new WebEndpointResponse<>(PurgatoryEndpoint.unknownState(state), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        return new WebEndpointResponse<>(endpoint.forceState(name, state, key));
    }
}
