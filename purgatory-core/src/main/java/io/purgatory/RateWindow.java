package io.purgatory;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the rate-based trip conditions of one breaker: a sliding window of recent calls, the
 * minimum number of calls before rates count, and the failure-rate and slow-call-rate thresholds.
 * Immutable; thread-safe. A threshold of 0 switches that condition off.
 *
 * <p>Build one with {@link #builder()}, which sets only what the chosen window type uses; the
 * canonical constructor is not a stable API (its parameter list grows with new settings).
 *
 * <pre>{@code
 * RateWindow window = RateWindow.builder().countBased(20).minimumCalls(10).failureRateThreshold(50).build();
 * }</pre>
 *
 * @param type count-based (last {@code size} calls) or time-based (calls of the last {@code duration})
 * @param size calls kept by a count-based window (≥ 1)
 * @param duration time covered by a time-based window (&gt; 0)
 * @param minimumCalls calls the window must hold before a rate is evaluated (≥ 1; ≤ {@code size} when count-based)
 * @param failureRateThreshold percentage of counted failures that opens the circuit, in (0, 100], or 0 for off
 * @param slowCallRateThreshold percentage of slow calls that opens the circuit, in (0, 100], or 0 for off
 * @param slowCallDuration a call that takes at least this long is slow (&gt; 0)
 */
public record RateWindow(SlidingWindowType type, int size, Duration duration, int minimumCalls,
        float failureRateThreshold, float slowCallRateThreshold, Duration slowCallDuration) {

    /** No rate condition: only consecutive failures open the circuit. */
    public static final RateWindow NONE = new RateWindow(SlidingWindowType.COUNT_BASED, 100, Duration.ofMinutes(1), 100,
            0f, 0f, Duration.ofMinutes(1));

    /** Validates every setting; a violation names the setting and the value. */
    public RateWindow {
        Objects.requireNonNull(type, "slidingWindowType must not be null");
        check(size >= 1, "slidingWindowSize", size, "must be at least 1");
        Objects.requireNonNull(duration, "slidingWindowDuration must not be null");
        check(!duration.isNegative() && !duration.isZero(), "slidingWindowDuration", duration, "must be positive");
        check(minimumCalls >= 1, "minimumCalls", minimumCalls, "must be at least 1");
        check(type != SlidingWindowType.COUNT_BASED || minimumCalls <= size, "minimumCalls", minimumCalls,
                "must not exceed the count-based slidingWindowSize (" + size + ")");
        check(failureRateThreshold == 0f || (failureRateThreshold > 0f && failureRateThreshold <= 100f),
                "failureRateThreshold", failureRateThreshold, "must be in (0, 100]");
        check(slowCallRateThreshold == 0f || (slowCallRateThreshold > 0f && slowCallRateThreshold <= 100f),
                "slowCallRateThreshold", slowCallRateThreshold, "must be in (0, 100]");
        Objects.requireNonNull(slowCallDuration, "slowCallDuration must not be null");
        check(!slowCallDuration.isNegative() && !slowCallDuration.isZero(), "slowCallDuration", slowCallDuration,
                "must be positive");
    }

    private static void check(boolean valid, String field, Object value, String rule) {
        if (!valid) {
            throw new IllegalArgumentException(field + " " + rule + ", but was " + value);
        }
    }

    /**
     * Whether any rate condition is on, so that calls must be recorded in a window.
     *
     * @return {@code true} when the failure-rate or slow-call-rate threshold is set
     */
    public boolean enabled() {
        return failureRateThreshold > 0f || slowCallRateThreshold > 0f;
    }

    /**
     * Whether a window of these settings holds the same calls as one of {@code other}'s: the same type and
     * the same size (count-based) or duration (time-based). When a breaker is reconfigured, a window of the
     * same shape keeps its calls; thresholds, minimum calls and the slow-call duration apply to them at once.
     *
     * @param other other settings
     * @return {@code true} when both windows have the same type and extent
     */
    public boolean hasSameShape(RateWindow other) {
        return type == other.type && (type == SlidingWindowType.COUNT_BASED ? size == other.size
                : duration.equals(other.duration));
    }

    /**
     * Whether a call of this duration is slow.
     *
     * @param durationNanos the call's duration
     * @return {@code true} when slow-call tripping is on and the call took at least {@link #slowCallDuration()}
     */
    public boolean isSlow(long durationNanos) {
        return slowCallRateThreshold > 0f && durationNanos >= slowCallDuration.toNanos();
    }

    /**
     * Returns a builder: a count-based window of 100 calls, rates judged from 100 calls, both
     * conditions off, slow from 60 seconds.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RateWindow}; not thread-safe. */
    public static final class Builder {
        private SlidingWindowType type = SlidingWindowType.COUNT_BASED;
        private int size = 100;
        private Duration duration = Duration.ofMinutes(1);
        private Integer minimumCalls;
        private float failureRateThreshold;
        private float slowCallRateThreshold;
        private Duration slowCallDuration = Duration.ofMinutes(1);

        private Builder() {
        }

        /**
         * Keeps the last {@code size} calls.
         *
         * @param size at least 1
         * @return this builder
         */
        public Builder countBased(int size) {
            this.type = SlidingWindowType.COUNT_BASED;
            this.size = size;
            return this;
        }

        /**
         * Keeps the calls of the last {@code duration}.
         *
         * @param duration a positive duration
         * @return this builder
         */
        public Builder timeBased(Duration duration) {
            this.type = SlidingWindowType.TIME_BASED;
            this.duration = duration;
            return this;
        }

        /**
         * Sets how many calls the window must hold before a rate counts; by default 100, or the size
         * of a smaller count-based window.
         *
         * @param minimumCalls at least 1, at most the size of a count-based window
         * @return this builder
         */
        public Builder minimumCalls(int minimumCalls) {
            this.minimumCalls = minimumCalls;
            return this;
        }

        /**
         * Opens the circuit when at least this percentage of the window's calls failed.
         *
         * @param percent in (0, 100], or 0 for off
         * @return this builder
         */
        public Builder failureRateThreshold(float percent) {
            this.failureRateThreshold = percent;
            return this;
        }

        /**
         * Opens the circuit when at least this percentage of the window's calls took {@code slowCallDuration} or longer.
         *
         * @param percent in (0, 100], or 0 for off
         * @param slowCallDuration a positive duration
         * @return this builder
         */
        public Builder slowCallRateThreshold(float percent, Duration slowCallDuration) {
            this.slowCallRateThreshold = percent;
            this.slowCallDuration = slowCallDuration;
            return this;
        }

        /**
         * Builds and validates the window settings.
         *
         * @return the settings
         * @throws IllegalArgumentException naming the first invalid setting and its value
         */
        public RateWindow build() {
            int minimum = minimumCalls != null ? minimumCalls
                    : type == SlidingWindowType.COUNT_BASED ? Math.min(100, size) : 100;
            return new RateWindow(type, size, duration, minimum, failureRateThreshold, slowCallRateThreshold,
                    slowCallDuration);
        }
    }
}
