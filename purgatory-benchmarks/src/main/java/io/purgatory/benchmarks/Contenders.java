package io.purgatory.benchmarks;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.RateWindow;
import java.time.Duration;

/**
 * The breakers every benchmark compares, configured in one place. Stateless; thread-safe.
 *
 * <p>Three contenders:
 * <ul>
 *   <li><b>Purgatory</b> with its defaults: 5 failures in a row open the circuit for 30 s, one trial;
 *       calls are not timed. {@link #purgatoryTimed()} times them, as Resilience4j does.</li>
 *   <li><b>Resilience4j default</b>: what a user gets from {@code CircuitBreakerRegistry.ofDefaults()}
 *       (count window of 100 calls, 50 % failure rate, synchronized window, stack traces on rejections).</li>
 *   <li><b>Resilience4j comparable</b>: Resilience4j set up to behave like Purgatory. A failure
 *       rate of 100 % over a count window of 5 calls with a minimum of 5 calls opens exactly when
 *       the last 5 calls all failed, which is "5 failures in a row"; 30 s open, one half-open call,
 *       the opt-in lock-free window (2.3.0+) and rejections without stack traces. It still tracks
 *       slow calls, which cannot be switched off.</li>
 * </ul>
 */
final class Contenders {

    /** Purgatory's default threshold, used as the window of the comparable Resilience4j breaker. */
    static final int THRESHOLD = CircuitBreakerConfig.DEFAULT_THRESHOLD;

    private Contenders() {
    }

    /**
     * Returns a Purgatory factory with the given open period and otherwise default settings.
     *
     * @param ttl how long a circuit stays open
     * @return a new factory with no breaker yet
     */
    static CircuitBreakerFactory purgatory(Duration ttl) {
        return CircuitBreakerFactory.builder()
                .defaults(CircuitBreakerConfig.builder().threshold(THRESHOLD).ttl(ttl).build())
                .build();
    }

    /**
     * Returns a Purgatory factory with Purgatory's defaults.
     *
     * @return a new factory with no breaker yet
     */
    static CircuitBreakerFactory purgatory() {
        return purgatory(CircuitBreakerConfig.DEFAULT_TTL);
    }

    /**
     * Returns a Purgatory factory with Purgatory's defaults whose breakers time every call, as the
     * Spring starter makes them do when Micrometer meters are bound (Resilience4j always does).
     *
     * @return a new factory with no breaker yet
     */
    static CircuitBreakerFactory purgatoryTimed() {
        return CircuitBreakerFactory.builder()
                .defaults(CircuitBreakerConfig.builder().threshold(THRESHOLD).ttl(CircuitBreakerConfig.DEFAULT_TTL).build())
                .recordCallDurations(true)
                .build();
    }

    /**
     * Returns a Purgatory factory that judges Resilience4j's default policy: 50 % failures among the
     * last 100 calls (count-based) or the last 60 s (time-based), from 100 calls, with no
     * consecutive-failure limit. Calls are not timed (a failure rate needs no duration); with the
     * starter's call-duration metrics on they would be, at the cost {@link #purgatoryTimed()} shows.
     *
     * @param type the window type
     * @return a new factory with no breaker yet
     */
    static CircuitBreakerFactory purgatoryWindowed(io.purgatory.SlidingWindowType type) {
        RateWindow window = new RateWindow(type, 100, Duration.ofSeconds(60), 100, 50f, 0f, Duration.ofSeconds(60));
        return CircuitBreakerFactory.builder()
                .defaults(CircuitBreakerConfig.builder().threshold(Integer.MAX_VALUE).window(window).build())
                .build();
    }

    /**
     * Returns a Resilience4j registry with its defaults, but for the window type: 100 calls, or 60 s.
     *
     * @param type the window type
     * @return a new registry with no breaker yet
     */
    static CircuitBreakerRegistry resilience4jWindowed(SlidingWindowType type) {
        return CircuitBreakerRegistry.of(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindow(type == SlidingWindowType.COUNT_BASED ? 100 : 60, 100, type)
                .build());
    }

    /**
     * Returns a Resilience4j registry with Resilience4j's defaults.
     *
     * @return a new registry with no breaker yet
     */
    static CircuitBreakerRegistry resilience4jDefault() {
        return CircuitBreakerRegistry.ofDefaults();
    }

    /**
     * Returns a Resilience4j registry set up to behave like Purgatory's defaults (see the class comment).
     *
     * @param writableStackTrace whether rejections fill in a stack trace (Resilience4j's default is {@code true})
     * @return a new registry with no breaker yet
     */
    static CircuitBreakerRegistry resilience4jComparable(boolean writableStackTrace) {
        return CircuitBreakerRegistry.of(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindow(THRESHOLD, THRESHOLD, SlidingWindowType.COUNT_BASED,
                        SlidingWindowSynchronizationStrategy.LOCK_FREE)
                .failureRateThreshold(100)
                .waitDurationInOpenState(CircuitBreakerConfig.DEFAULT_TTL)
                .permittedNumberOfCallsInHalfOpenState(1)
                .writableStackTraceEnabled(writableStackTrace)
                .build());
    }

    /**
     * Returns a Resilience4j registry set up to behave like Purgatory's defaults, rejections included.
     *
     * @return a new registry with no breaker yet
     */
    static CircuitBreakerRegistry resilience4jComparable() {
        return resilience4jComparable(false);
    }
}
