package io.purgatory.autoconfigure.endpoint;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * The {@code purgatory} actuator endpoint: reads every breaker's state and settings and forces a
 * breaker into a state. Technology-neutral: it answers with plain results (JMX shows them as they
 * are); {@link PurgatoryEndpointWebExtension} adds the HTTP statuses. Thread-safe.
 *
 * <p>It only looks breakers up, never creates one, so a mistyped name is a 404 instead of a new
 * breaker. Breakers configured under {@code purgatory.breakers} count as known even before their
 * first call. A name may contain {@code /}: the selector takes every remaining path segment, so
 * {@code /actuator/purgatory/payments/eu} is the breaker {@code payments/eu}.
 */
@Endpoint(id = "purgatory", defaultAccess = Access.UNRESTRICTED)
public class PurgatoryEndpoint {

    private static final List<String> STATES = Arrays.stream(CircuitState.values()).map(Enum::name).toList();

    private final CircuitBreakerFactory factory;

    /**
     * Creates the endpoint.
     *
     * @param factory the factory whose breakers are shown
     */
    public PurgatoryEndpoint(CircuitBreakerFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * Describes every known breaker, sorted by name.
     *
     * @return the breakers
     */
    @ReadOperation
    public BreakersDescriptor breakers() {
        Map<String, BreakerDescriptor> breakers = new TreeMap<>();
        factory.getBreakers().forEach(breaker -> breakers.put(breaker.getName(), BreakerDescriptor.of(breaker)));
        for (String name : factory.getConfiguredNames()) {
            breakers.computeIfAbsent(name, configured -> BreakerDescriptor.of(factory.getBreaker(configured)));
        }
        return new BreakersDescriptor(Collections.unmodifiableMap(breakers));
    }

    /**
     * Describes one breaker.
     *
     * @param name the circuit name, split at each {@code /} as the path segments that carry it
     * @return its descriptor, or {@code null} (HTTP 404) when no breaker has this name
     */
    @ReadOperation
    @Nullable
    public BreakerDescriptor breaker(@Selector(match = Match.ALL_REMAINING) String... name) {
        return find(name).map(BreakerDescriptor::of).orElse(null);
    }

    /**
     * Forces a breaker into a state; {@code CLOSED} also resets its counts. With a shared store the
     * new state reaches every instance.
     *
     * @param name the circuit name, split at each {@code /} as the path segments that carry it
     * @param state the state to force, case-insensitive: one of {@link CircuitState}
     * @return the breaker afterwards, or {@code null} when no breaker has this name (nothing is created)
     * @throws InvalidEndpointRequestException for a state that does not exist, naming the valid ones
     */
    @WriteOperation
    @Nullable
    public BreakerDescriptor forceState(@Selector(match = Match.ALL_REMAINING) String[] name, String state) {
        Optional<CircuitBreaker> breaker = find(name);
        if (breaker.isEmpty()) {
            return null;
        }
        CircuitState target = parse(state);
        if (target == null) {
            throw new InvalidEndpointRequestException(unknownState(state).error() + "; the states are " + STATES,
                    unknownState(state).error());
        }
        breaker.get().transitionTo(target);
        return BreakerDescriptor.of(breaker.get());
    }

    /** The answer to a state that does not exist. */
    static InvalidStateDescriptor unknownState(@Nullable String state) {
        return new InvalidStateDescriptor("Unknown state '" + state + "'", STATES);
    }

    Optional<CircuitBreaker> find(String[] segments) {
        String name = String.join("/", segments);
        Optional<CircuitBreaker> existing = factory.findBreaker(name);
        if (existing.isPresent() || !factory.getConfiguredNames().contains(name)) {
            return existing;
        }
        return Optional.of(factory.getBreaker(name));
    }

    @Nullable
    static CircuitState parse(@Nullable String state) {
        if (state == null) {
            return null;
        }
        String candidate = state.trim().toUpperCase(Locale.ROOT);
        return STATES.contains(candidate) ? CircuitState.valueOf(candidate) : null;
    }
}
