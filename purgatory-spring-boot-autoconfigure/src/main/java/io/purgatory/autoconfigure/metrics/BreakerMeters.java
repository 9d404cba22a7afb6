package io.purgatory.autoconfigure.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.purgatory.CallOutcome;
import io.purgatory.CallStatistics;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitState;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Registers the meters of one breaker in one registry; every meter reads the breaker lazily.
 * Registering twice is harmless: Micrometer returns the meter that already has the same id.
 * Thread-safe (stateless).
 */
final class BreakerMeters {

    static final String STATE = "purgatory.breaker.state";
    static final String CALLS = "purgatory.breaker.calls";
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

    static void bind(CircuitBreaker breaker, BreakerEventCounts counts, Tags commonTags, MeterRegistry registry) {
        Tags tags = commonTags.and("name", breaker.getName());
        for (CircuitState state : STATES) {
            Gauge.builder(STATE, breaker, b -> b.getState() == state ? 1 : 0)
                    .description("Whether the circuit is in this state (1) or not (0)")
                    .tags(tags).tag("state", lowerCase(state))
                    .register(registry);
        }
        CallStatistics statistics = breaker.getStatistics();
        for (CallOutcome outcome : OUTCOMES) {
            FunctionTimer.builder(CALLS, statistics, s -> s.count(outcome), s -> s.totalNanos(outcome),
                            TimeUnit.NANOSECONDS)
                    .description("Calls through the breaker by outcome, and their total time (rejected calls do not run)")
                    .tags(tags).tag("outcome", lowerCase(outcome))
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

    /** Rates read from the window; NaN (unknown) until the window holds the minimum number of calls. */
    private static void bindWindow(CircuitBreaker breaker, Tags tags, MeterRegistry registry) {
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
                .description("State transitions of the circuit")
                .tags(tags).tag("from", lowerCase(from)).tag("to", lowerCase(to))
                .register(registry);
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private record Transition(CircuitState from, CircuitState to) {
    }
}
