package io.purgatory.autoconfigure.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.purgatory.CallOutcome;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitBreakerGroup;
import io.purgatory.CircuitState;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Registers the aggregate meters of one group of keyed circuits in one registry, under the tag
 * {@code name=<group>}: the same meter names as a breaker's, summed over the group's circuits and its
 * shared circuit (the breaker named like the group), so that a group costs a fixed number of series
 * however many keys it holds. Every meter reads the group lazily. Thread-safe (stateless).
 *
 * <p>{@code purgatory.breaker.state} counts the group's circuits in each state instead of being 0 or 1;
 * calls by outcome and transitions are summed, evicted circuits' calls included.
 */
final class GroupMeters {

    static final String KEYS = "purgatory.group.keys";
    static final String OVERFLOWS = "purgatory.group.overflows";
    static final String EVICTIONS = "purgatory.group.evictions";

    private GroupMeters() {
    }

    /**
     * Registers the group's meters but {@code purgatory.breaker.calls}, which the binder chooses. Its shared
     * circuit's state gauges, registered under the same name when it was bound first, count the same.
     */
    static void bind(CircuitBreakerGroup group, CircuitBreakerFactory factory, BreakerEventCounts counts, Tags tags,
            MeterRegistry registry) {
        for (CircuitState state : CircuitState.values()) {
            Gauge.builder(BreakerMeters.STATE, group, g -> g.count(state) + (sharedState(factory, g) == state ? 1 : 0))
                    .description(BreakerMeters.STATE_DESCRIPTION)
                    .tags(tags).tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
        for (CircuitState from : CircuitState.values()) {
            for (CircuitState to : CircuitState.values()) {
                if (BreakerMeters.isAutomatic(from, to) || counts.transitions(from, to) > 0) {
                    BreakerMeters.bindTransition(counts, tags, from, to, registry);
                }
            }
        }
        Gauge.builder(KEYS, group, CircuitBreakerGroup::size)
                .description("Keyed circuits the group holds")
                .tags(tags).register(registry);
        FunctionCounter.builder(OVERFLOWS, group, CircuitBreakerGroup::getOverflowCount)
                .description("New keys that found the group full and ran on its shared circuit")
                .tags(tags).register(registry);
        FunctionCounter.builder(EVICTIONS, group, CircuitBreakerGroup::getEvictionCount)
                .description("Keyed circuits the group evicted, idle or least recently used")
                .tags(tags).register(registry);
    }

    /**
     * Registers {@code purgatory.breaker.calls} as function timers over the group's totals and its shared
     * circuit's (the same as the shared circuit's own, when it was bound first).
     */
    static void bindCallTotals(CircuitBreakerGroup group, CircuitBreakerFactory factory, Tags tags,
            MeterRegistry registry) {
        for (CallOutcome outcome : CallOutcome.values()) {
            FunctionTimer.builder(BreakerMeters.CALLS, group,
                            g -> g.getCallCount(outcome) + shared(factory, g, b -> b.getStatistics().count(outcome)),
                            g -> g.getCallNanos(outcome) + shared(factory, g, b -> b.getStatistics().totalNanos(outcome)),
                            TimeUnit.NANOSECONDS)
                    .description(BreakerMeters.CALLS_DESCRIPTION)
                    .tags(tags).tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    /** Whether the registry already has this name's calls meters, recorded or read (its shared circuit's). */
    static boolean hasCalls(Tags tags, MeterRegistry registry) {
        return !registry.find(BreakerMeters.CALLS).tags(tags).meters().isEmpty();
    }

    private static CircuitState sharedState(CircuitBreakerFactory factory, CircuitBreakerGroup group) {
        return factory.findBreaker(group.getName()).map(CircuitBreaker::getState).orElse(null);
    }

    private static long shared(CircuitBreakerFactory factory, CircuitBreakerGroup group,
            java.util.function.ToLongFunction<CircuitBreaker> read) {
        return factory.findBreaker(group.getName()).map(read::applyAsLong).orElse(0L);
    }
}
