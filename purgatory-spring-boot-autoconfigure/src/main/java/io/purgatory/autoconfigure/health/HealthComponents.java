package io.purgatory.autoconfigure.health;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitBreakerGroup;
import io.purgatory.TimeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The components of the {@code purgatory} health contributor, whatever the Boot line: one per plain
 * breaker and one per group of keyed circuits ({@link GroupHealth}), in name order, including those
 * created after start-up. A group's shared circuit, the breaker named like the group, is reported inside
 * the group's component rather than as a breaker of its own. Thread-safe.
 */
public final class HealthComponents {

    private final CircuitBreakerFactory factory;
    private final OpenCircuitStatus openStatus;
    private final TimeSource time;

    /**
     * Creates the components of a factory.
     *
     * @param factory the factory whose breakers and groups are reported
     * @param openStatus the status of a circuit that rejects calls
     * @param time the clock that tells whether an open period has passed (the factory's)
     */
    public HealthComponents(CircuitBreakerFactory factory, OpenCircuitStatus openStatus, TimeSource time) {
        this.factory = factory;
        this.openStatus = openStatus;
        this.time = time;
    }

    /**
     * Lists the components now.
     *
     * @return each component's name and its assessment, evaluated when called; sorted by name
     */
    public List<Map.Entry<String, Supplier<BreakerHealth>>> list() {
        List<CircuitBreakerGroup> groups = factory.getGroups();
        Set<String> groupNames = groups.stream().map(CircuitBreakerGroup::getName).collect(Collectors.toSet());
        List<Map.Entry<String, Supplier<BreakerHealth>>> components = new ArrayList<>();
        for (CircuitBreaker breaker : factory.getBreakers()) {
            if (!groupNames.contains(breaker.getName())) {
                components.add(Map.entry(breaker.getName(), breaker(breaker)));
            }
        }
        groups.forEach(group -> components.add(Map.entry(group.getName(), group(group))));
        components.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
        return components;
    }

    /**
     * Finds one component; never creates a breaker or a group.
     *
     * @param name a breaker's or a group's name
     * @return its assessment, evaluated when called, or {@code null} when there is no such component
     */
    public Supplier<BreakerHealth> find(String name) {
        return factory.findGroup(name).map(this::group)
                .or(() -> factory.findBreaker(name).map(this::breaker))
                .orElse(null);
    }

    private Supplier<BreakerHealth> breaker(CircuitBreaker breaker) {
        return () -> BreakerHealth.of(breaker, openStatus, time);
    }

    private Supplier<BreakerHealth> group(CircuitBreakerGroup group) {
        return () -> GroupHealth.of(group, factory.findBreaker(group.getName()).orElse(null), openStatus, time);
    }
}
