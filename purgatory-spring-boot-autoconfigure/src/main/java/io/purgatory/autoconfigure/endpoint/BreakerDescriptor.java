package io.purgatory.autoconfigure.endpoint;

import io.purgatory.CallOutcome;
import io.purgatory.CallStatistics;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitRates;
import io.purgatory.CircuitState;
import io.purgatory.ExcludeRule;
import io.purgatory.RateWindow;
import io.purgatory.store.CircuitSnapshot;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * What the {@code purgatory} endpoint shows about one breaker. Immutable; thread-safe.
 *
 * @param state the current state
 * @param consecutiveFailures counted failures in a row
 * @param openedAt when the circuit last opened, absent unless it is open, half-open or forced open
 * @param openPeriod how long the current open period lasts (back-off included), absent unless OPEN
 * @param trialsInFlight trial calls running now (HALF_OPEN)
 * @param reopenings re-openings since the circuit last closed
 * @param store the type of the store that holds the state, for example {@code memory} or {@code redis}
 * @param storeDegraded whether a shared store is unreachable and this instance decides alone
 * @param calls calls since start-up per outcome: {@code success}, {@code failure}, {@code excluded}, {@code rejected}
 * @param window the sliding window now: calls held, failures, slow calls, failure and slow-call rates in percent
 *     ({@code null} while fewer than the minimum calls were seen: unknown, not 0); absent without a rate condition
 * @param config every setting the breaker decides with now (its effective configuration), by the name of its
 *     configuration component
 * @param configChangedAt when that configuration replaced the one the breaker was created with (a refresh
 *     of {@code purgatory.*} or {@code CircuitBreakerFactory#reconfigure}), absent while it never changed
 */
public record BreakerDescriptor(
        CircuitState state,
        int consecutiveFailures,
        Instant openedAt,
        Duration openPeriod,
        int trialsInFlight,
        int reopenings,
        String store,
        boolean storeDegraded,
        Map<String, Long> calls,
        Map<String, Object> window,
        Map<String, Object> config,
        Instant configChangedAt) implements OperationResponseBody {

    private static final CallOutcome[] OUTCOMES = CallOutcome.values();

    /**
     * Describes a breaker as it is now.
     *
     * @param breaker the breaker
     * @return its descriptor
     */
    public static BreakerDescriptor of(CircuitBreaker breaker) {
        CircuitSnapshot snapshot = breaker.getSnapshot();
        return new BreakerDescriptor(snapshot.state(), snapshot.consecutiveFailures(), snapshot.openedAt(),
                snapshot.openPeriod(), snapshot.trialsInFlight(), snapshot.reopenings(), breaker.getStoreType(),
                snapshot.degraded(), calls(breaker.getStatistics()), window(breaker), settings(breaker.getConfig()),
                breaker.getConfigChangedAt());
    }

    private static Map<String, Object> window(CircuitBreaker breaker) {
        if (!breaker.getConfig().window().enabled()) {
            return null;
        }
        CircuitRates rates = breaker.getRates();
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("calls", rates.calls());
        window.put("failures", rates.failures());
        window.put("slowCalls", rates.slowCalls());
        window.put("minimumCalls", rates.minimumCalls());
        window.put("failureRate", rates.failureRate() < 0 ? null : rates.failureRate());
        window.put("slowCallRate", rates.slowCallRate() < 0 ? null : rates.slowCallRate());
        return Collections.unmodifiableMap(window);
    }

    private static Map<String, Long> calls(CallStatistics statistics) {
        Map<String, Long> calls = new LinkedHashMap<>();
        for (CallOutcome outcome : OUTCOMES) {
            calls.put(outcome.name().toLowerCase(Locale.ROOT), statistics.count(outcome));
        }
        return Collections.unmodifiableMap(calls);
    }

    // Reads the record's components instead of naming them so that settings added to the core
    // configuration by later policies (rate windows, slow calls, ...) appear without touching this class.
    static Map<String, Object> settings(Record config) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (RecordComponent component : config.getClass().getRecordComponents()) {
            settings.put(component.getName(), displayed(read(component, config)));
        }
        return Collections.unmodifiableMap(settings);
    }

    private static Object read(RecordComponent component, Record config) {
        try {
            return component.getAccessor().invoke(config);
        } catch (IllegalAccessException | InvocationTargetException ex) {
            throw new IllegalStateException("Cannot read setting " + component.getName(), ex);
        }
    }

    private static Object displayed(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(BreakerDescriptor::displayed).toList();
        }
        if (value instanceof ExcludeRule rule) {
            return rule.type().getName();
        }
        if (value == RateWindow.NONE) {
            return null;
        }
        if (value instanceof Record nested) {
            return settings(nested);
        }
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof Duration
                || value instanceof Enum<?> || value instanceof CharSequence) {
            return value;
        }
        return value.toString();
    }
}
