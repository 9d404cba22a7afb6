package io.purgatory.autoconfigure.metrics;

import io.purgatory.CallOutcome;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitBreakerGroup;
import io.purgatory.CircuitState;
import java.util.Set;

/**
 * What the keyed group of a name adds to the meters of the breaker of the same name (the group's shared
 * circuit), read when a registry publishes: the group's circuits per state and its call totals, or nothing
 * when no group has the name or the group publishes per-key meters. Lets a breaker's meters and its group's
 * aggregate meters be the same series whichever was registered first. Immutable; thread-safe.
 */
final class GroupTotals {

    private final CircuitBreakerFactory factory;
    private final String name;
    private final Set<String> perKeyGroups;

    GroupTotals(CircuitBreakerFactory factory, String name, Set<String> perKeyGroups) {
        this.factory = factory;
        this.name = name;
        this.perKeyGroups = perKeyGroups;
    }

    private CircuitBreakerGroup group() {
        return perKeyGroups.contains(name) ? null : factory.findGroup(name).orElse(null);
    }

    int count(CircuitState state) {
        CircuitBreakerGroup group = group();
        return group == null ? 0 : group.count(state);
    }

    long calls(CallOutcome outcome) {
        CircuitBreakerGroup group = group();
        return group == null ? 0L : group.getCallCount(outcome);
    }

    long nanos(CallOutcome outcome) {
        CircuitBreakerGroup group = group();
        return group == null ? 0L : group.getCallNanos(outcome);
    }
}
