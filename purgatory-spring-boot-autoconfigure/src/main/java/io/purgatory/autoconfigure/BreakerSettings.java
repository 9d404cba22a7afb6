package io.purgatory.autoconfigure;

import io.purgatory.SlidingWindowType;
import java.time.Duration;
import java.util.List;

/**
 * One breaker's settings after a per-breaker override was merged over the defaults, still as
 * configured (unvalidated). Immutable; thread-safe.
 *
 * <p>{@code exclude} is the breaker's own list (or the defaults' for the defaults themselves);
 * {@code inheritedExclude} the defaults' list that a breaker inherits after its own.
 */
record BreakerSettings(int threshold, Duration ttl, int halfOpenCalls, Integer halfOpenSuccesses, double backoffMultiplier,
        Duration maxTtl, Float failureRateThreshold, Float slowCallRateThreshold, Duration slowCallDuration,
        SlidingWindowType slidingWindowType, int slidingWindowSize, Duration slidingWindowDuration, int minimumCalls,
        List<String> exclude, List<String> inheritedExclude) {

    static BreakerSettings of(PurgatoryProperties.Defaults d) {
        return new BreakerSettings(d.getThreshold(), d.getTtl(), d.getHalfOpenCalls(), d.getHalfOpenSuccesses(),
                d.getBackoffMultiplier(), d.getMaxTtl(), d.getFailureRateThreshold(), d.getSlowCallRateThreshold(),
                d.getSlowCallDuration(), d.getSlidingWindowType(), d.getSlidingWindowSize(), d.getSlidingWindowDuration(),
                d.getMinimumCalls(), d.getExclude(), List.of());
    }

    /** Merges an override over these settings; its own exclude list is checked before the inherited one. */
    BreakerSettings with(PurgatoryProperties.Breaker b) {
        return new BreakerSettings(or(b.getThreshold(), threshold), or(b.getTtl(), ttl),
                or(b.getHalfOpenCalls(), halfOpenCalls), or(b.getHalfOpenSuccesses(), halfOpenSuccesses),
                or(b.getBackoffMultiplier(), backoffMultiplier), or(b.getMaxTtl(), maxTtl),
                or(b.getFailureRateThreshold(), failureRateThreshold), or(b.getSlowCallRateThreshold(), slowCallRateThreshold),
                or(b.getSlowCallDuration(), slowCallDuration), or(b.getSlidingWindowType(), slidingWindowType),
                or(b.getSlidingWindowSize(), slidingWindowSize), or(b.getSlidingWindowDuration(), slidingWindowDuration),
                or(b.getMinimumCalls(), minimumCalls), b.getExclude(), exclude);
    }

    boolean hasRateCondition() {
        return failureRateThreshold != null || slowCallRateThreshold != null;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
