package io.purgatory.autoconfigure.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.purgatory.CallOutcome;
import io.purgatory.CallStatistics;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitState;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Registers the meters of one breaker in one registry; every meter reads the breaker lazily, except
 * the calls timers when they are recorded from call events (see {@link #callTimers}). Registering
 * twice is harmless: Micrometer returns the meter that already has the same id. Thread-safe (stateless).
 */
final class BreakerMeters {

    static final String STATE = "purgatory.breaker.state";
    static final String STATE_DESCRIPTION =
            "Circuits in this state: 1 or 0 for a breaker, the number of its circuits for a keyed group";
    static final String CALLS = "purgatory.breaker.calls";
    static final String CALLS_DESCRIPTION =
            "Calls through the breaker by outcome, and their total time (rejected calls do not run)";
    static final String TRANSITIONS = "purgatory.breaker.transitions";
    static final String FAILURES = "purgatory.breaker.failures";
    static final String FAILURE_RATE = "purgatory.breaker.failure.rate";
    static final String SLOW_CALL_RATE = "purgatory.breaker.slow.call.rate";
    static final String WINDOW_CALLS = "purgatory.breaker.window.calls";
    static final String STORE_DEGRADED = "purgatory.store.degraded";
    static final String STORE_ERRORS = "purgatory.store.errors";

    /**
     * The transitions a breaker makes on its own: registered up front so that their series exist
     * at zero before the first one happens (Prometheus's increase() misses a series' first sample).
     * Forced transitions are registered when they first happen, to keep the series count small.
     */
    private static final Set<Transition> AUTOMATIC = Set.of(
            new Transition(CircuitState.CLOSED, CircuitState.OPEN),
            new Transition(CircuitState.OPEN, CircuitState.HALF_OPEN),
            new Transition(CircuitState.HALF_OPEN, CircuitState.CLOSED),
            new Transition(CircuitState.HALF_OPEN, CircuitState.OPEN));

    private static final CircuitState[] STATES = CircuitState.values();
    private static final CallOutcome[] OUTCOMES = CallOutcome.values();

    private BreakerMeters() {
    }

    /**
     * Registers every meter of the breaker but {@code purgatory.breaker.calls}, which the caller chooses.
     * The state gauges add the circuits of the keyed group of the same name, if any (see {@link GroupMeters}).
     */
    static void bind(CircuitBreaker breaker, BreakerEventCounts counts, Tags commonTags, MeterRegistry registry,
            GroupTotals group) {
        Tags tags = breakerTags(commonTags, breaker.getName());
        for (CircuitState state : STATES) {
            Gauge.builder(STATE, breaker, b -> (b.getState() == state ? 1 : 0) + group.count(state))
                    .description(STATE_DESCRIPTION)
                    .tags(tags).tag("state", lowerCase(state))
                    .register(registry);
        }
        Gauge.builder(FAILURES, breaker, CircuitBreaker::getConsecutiveFailures)
                .description("Counted failures in a row; the circuit opens when this reaches the threshold")
                .tags(tags)
                .register(registry);
        if (breaker.getConfig().window().enabled()) {
            bindWindow(breaker, tags, registry);
        }
        for (CircuitState from : STATES) {
            for (CircuitState to : STATES) {
                if (isAutomatic(from, to) || counts.transitions(from, to) > 0) {
                    bindTransition(counts, tags, from, to, registry);
                }
            }
        }
        Tags storeTags = tags.and("store", breaker.getStoreType());
        Gauge.builder(STORE_DEGRADED, breaker, b -> b.getSnapshot().degraded() ? 1 : 0)
                .description("Whether the breaker's shared store is unreachable and this instance decides alone (1) or not (0)")
                .tags(storeTags)
                .register(registry);
        FunctionCounter.builder(STORE_ERRORS, counts, BreakerEventCounts::storeErrors)
                .description("Times the breaker's shared store became unreachable")
                .tags(storeTags)
                .register(registry);
    }

    static Tags breakerTags(Tags commonTags, String name) {
        return commonTags.and("name", name);
    }

    /**
     * Registers {@code purgatory.breaker.calls} as function timers that read the breaker's call
     * totals when the registry publishes: no work on the call path, but no distribution either.
     */
    static void bindCallTotals(CircuitBreaker breaker, Tags tags, MeterRegistry registry, GroupTotals group) {
        CallStatistics statistics = breaker.getStatistics();
        for (CallOutcome outcome : OUTCOMES) {
            FunctionTimer.builder(CALLS, statistics, s -> s.count(outcome) + group.calls(outcome),
                            s -> s.totalNanos(outcome) + group.nanos(outcome), TimeUnit.NANOSECONDS)
                    .description(CALLS_DESCRIPTION)
                    .tags(tags).tag("outcome", lowerCase(outcome))
                    .register(registry);
        }
    }

    /**
     * Registers {@code purgatory.breaker.calls} as timers to be recorded on every call, so that the
     * registry's histogram, percentile and SLO settings for the meter apply.
     *
     * @return the timers, indexed by {@link CallOutcome#ordinal()}
     */
    static Timer[] callTimers(Tags tags, MeterRegistry registry) {
        Timer[] timers = new Timer[OUTCOMES.length];
        for (CallOutcome outcome : OUTCOMES) {
            timers[outcome.ordinal()] = Timer.builder(CALLS)
                    .description(CALLS_DESCRIPTION)
                    .tags(tags).tag("outcome", lowerCase(outcome))
                    .register(registry);
        }
        return timers;
    }

    /** Rates read from the window; NaN (unknown) until the window holds the minimum number of calls. */
    static void bindWindow(CircuitBreaker breaker, Tags tags, MeterRegistry registry) {
        Gauge.builder(FAILURE_RATE, breaker, b -> unknownAsNaN(b.getRates().failureRate()))
                .description("Percentage of counted failures in the sliding window; NaN below the minimum number of calls")
                .baseUnit("percent").tags(tags)
                .register(registry);
        Gauge.builder(SLOW_CALL_RATE, breaker, b -> unknownAsNaN(b.getRates().slowCallRate()))
                .description("Percentage of slow calls in the sliding window; NaN below the minimum number of calls")
                .baseUnit("percent").tags(tags)
                .register(registry);
        Gauge.builder(WINDOW_CALLS, breaker, b -> b.getRates().calls())
                .description("Calls the sliding window holds now")
                .tags(tags)
                .register(registry);
    }

    private static double unknownAsNaN(float rate) {
        return rate < 0 ? Double.NaN : rate;
    }

    /**
     * Whether this transition's counter is registered with the breaker's other meters; the others
     * are registered by the caller when they first happen.
     */
    static boolean isAutomatic(CircuitState from, CircuitState to) {
        return AUTOMATIC.contains(new Transition(from, to));
    }

    static void bindTransition(BreakerEventCounts counts, Tags tags, CircuitState from, CircuitState to,
            MeterRegistry registry) {
        FunctionCounter.builder(TRANSITIONS, counts, c -> c.transitions(from, to))
                .description("State transitions of the circuit made by this instance (not those adopted from a shared store)")
                .tags(tags).tag("from", lowerCase(from)).tag("to", lowerCase(to))
                .register(registry);
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private record Transition(CircuitState from, CircuitState to) {
    }
}
