package io.purgatory.autoconfigure.endpoint;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitBreakerGroup;
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
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
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
 *
 * <p><b>Groups of keyed circuits.</b> The list shows each group's counts under {@code groups}. A name that is a
 * group reads as the group (its settings, counts, the keys that are not closed, its shared circuit); the
 * query parameter {@code key} addresses one keyed circuit of the group, to read it or force its state. An
 * unknown group or key is a 404, and nothing is created. A group is known once its first keyed call ran.
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
            if (factory.findGroup(name).isEmpty()) { // a group's shared circuit is created on its first use only
                breakers.computeIfAbsent(name, configured -> BreakerDescriptor.of(factory.getBreaker(configured)));
            }
        }
        Map<String, GroupCountsDescriptor> groups = new TreeMap<>();
        factory.getGroups().forEach(group -> groups.put(group.getName(), GroupCountsDescriptor.of(group)));
        return new BreakersDescriptor(Collections.unmodifiableMap(breakers), Collections.unmodifiableMap(groups));
    }

    /**
     * Describes one breaker, one group of keyed circuits, or one keyed circuit.
     *
     * @param name the circuit or group name, split at each {@code /} as the path segments that carry it
     * @param key a key of the group {@code name}, or {@code null}
     * @return a {@link GroupDescriptor} for a group without {@code key}, otherwise a {@link BreakerDescriptor};
     *     {@code null} (HTTP 404) when nothing has this name, or the group has no circuit for the key
     */
    @ReadOperation
    @Nullable
    public OperationResponseBody breaker(@Selector(match = Match.ALL_REMAINING) String[] name, @Nullable String key) {
        if (key != null) {
            return findKeyed(name, key).map(BreakerDescriptor::of).orElse(null);
        }
        Optional<CircuitBreakerGroup> group = factory.findGroup(String.join("/", name));
        if (group.isPresent()) {
            return GroupDescriptor.of(group.get(), factory.findBreaker(group.get().getName()).orElse(null));
        }
        return breaker(name);
    }

    /**
     * Describes one plain breaker (not the group of the same name).
     *
     * @param name the circuit name, split at each {@code /} as the path segments that carry it
     * @return its descriptor, or {@code null} when no breaker has this name
     */
    @Nullable
    public BreakerDescriptor breaker(String... name) {
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
    @Nullable
    public BreakerDescriptor forceState(String[] name, String state) {
        return forceState(name, state, null);
    }

    /**
     * Forces a breaker, or one keyed circuit of a group, into a state; {@code CLOSED} also resets its counts.
     * With a shared store the new state reaches every instance.
     *
     * @param name the circuit or group name, split at each {@code /} as the path segments that carry it
     * @param state the state to force, case-insensitive: one of {@link CircuitState}
     * @param key a key of the group {@code name}, or {@code null} for the breaker {@code name}
     * @return the circuit afterwards, or {@code null} when it does not exist (nothing is created)
     * @throws InvalidEndpointRequestException for a state that does not exist, naming the valid ones
     */
    @WriteOperation
    @Nullable
    public BreakerDescriptor forceState(@Selector(match = Match.ALL_REMAINING) String[] name, String state,
            @Nullable String key) {
        Optional<CircuitBreaker> breaker = find(name, key);
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

    /** The breaker {@code segments} names, or with a key, the group's circuit of that key. */
    Optional<CircuitBreaker> find(String[] segments, @Nullable String key) {
        return key == null ? find(segments) : findKeyed(segments, key);
    }

    private Optional<CircuitBreaker> findKeyed(String[] segments, String key) {
        return factory.findGroup(String.join("/", segments)).flatMap(group -> group.findBreaker(key));
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
