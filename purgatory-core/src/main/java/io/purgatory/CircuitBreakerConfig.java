package io.purgatory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The validated settings of one breaker. Immutable; thread-safe.
 *
 * <p>Build one with {@link #builder()}; every setting has Purgatory's default, so
 * {@code CircuitBreakerConfig.builder().build()} is the configuration of a plain breaker:
 * five failures in a row open it for thirty seconds, then one trial call decides.
 *
 * <p><b>Growing.</b> New settings are added as new components, so the canonical constructor's
 * parameter list is not a stable API: build configurations with {@link #builder()} or
 * {@link #toBuilder()}, which keep compiling when a setting is added. The eight-argument constructor
 * of the first release stays, with the later settings at their defaults.
 *
 * @param threshold counted failures in a row that open the circuit (≥ 1)
 * @param ttl how long the circuit stays open before a trial (&gt; 0)
 * @param halfOpenCalls trial calls allowed in one half-open round (≥ 1)
 * @param halfOpenSuccesses successful trials that close the circuit (1 … {@code halfOpenCalls})
 * @param exclude exceptions that count as a success; the first rule whose type matches decides
 * @param backoffMultiplier factor applied to the open period on each re-open without a close in between (≥ 1; 1 = no back-off)
 * @param maxTtl upper bound of the backed-off open period (≥ {@code ttl})
 * @param window the rate-based trip conditions, {@link RateWindow#NONE} for none
 * @param halfOpenTimeout how long a trial call may hold its half-open slot without reporting an outcome
 *     before the slot is freed for another trial (&gt; 0)
 * @param maxKeys for a group of keyed circuits ({@link CircuitBreakerGroup}): the most circuits it keeps (≥ 1);
 *     ignored by a plain breaker
 * @param keyIdleTimeout for a group of keyed circuits: how long a closed circuit may go unused before it
 *     is evicted (&gt; 0); ignored by a plain breaker
 */
public record CircuitBreakerConfig(
        int threshold,
        Duration ttl,
        int halfOpenCalls,
        int halfOpenSuccesses,
        List<ExcludeRule> exclude,
        double backoffMultiplier,
        Duration maxTtl,
        RateWindow window,
        Duration halfOpenTimeout,
        int maxKeys,
        Duration keyIdleTimeout) {

    /** Default {@link #threshold()}: 5 failures in a row. */
    public static final int DEFAULT_THRESHOLD = 5;
    /** Default {@link #ttl()}: 30 seconds. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    /** The longest open period: deadlines are kept in nanoseconds of a {@code long}. */
    public static final Duration MAX_TTL = Duration.ofNanos(Long.MAX_VALUE / 2);
    /** Default {@link #halfOpenCalls()}: one trial at a time. */
    public static final int DEFAULT_HALF_OPEN_CALLS = 1;
    /**
     * Default {@link #halfOpenTimeout()}: 60 seconds, well above any call a breaker should wait for, so
     * only a trial that never reports (an abandoned future, a lost callback) is freed by it.
     */
    public static final Duration DEFAULT_HALF_OPEN_TIMEOUT = Duration.ofSeconds(60);
    /** Default {@link #maxKeys()}: 10,000 circuits per group. */
    public static final int DEFAULT_MAX_KEYS = 10_000;
    /** Default {@link #keyIdleTimeout()}: 10 minutes. */
    public static final Duration DEFAULT_KEY_IDLE_TIMEOUT = Duration.ofMinutes(10);

    /** Validates every setting; a violation names the setting and the rejected value. */
    public CircuitBreakerConfig {
        require(threshold >= 1, "threshold", threshold, "must be at least 1");
        Objects.requireNonNull(ttl, "ttl must not be null");
        require(!ttl.isNegative() && !ttl.isZero(), "ttl", ttl, "must be positive");
        require(ttl.compareTo(MAX_TTL) <= 0, "ttl", ttl, "must be at most " + MAX_TTL + " (about 292 years)");
        require(halfOpenCalls >= 1, "halfOpenCalls", halfOpenCalls, "must be at least 1");
        require(halfOpenSuccesses >= 1 && halfOpenSuccesses <= halfOpenCalls, "halfOpenSuccesses",
                halfOpenSuccesses, "must be between 1 and halfOpenCalls (" + halfOpenCalls + ")");
        Objects.requireNonNull(exclude, "exclude must not be null");
        exclude = List.copyOf(exclude);
        require(backoffMultiplier >= 1.0 && Double.isFinite(backoffMultiplier), "backoffMultiplier",
                backoffMultiplier, "must be a finite number of at least 1");
        Objects.requireNonNull(maxTtl, "maxTtl must not be null");
        require(maxTtl.compareTo(ttl) >= 0, "maxTtl", maxTtl, "must not be shorter than ttl (" + ttl + ")");
        require(maxTtl.compareTo(MAX_TTL) <= 0, "maxTtl", maxTtl, "must be at most " + MAX_TTL + " (about 292 years)");
        Objects.requireNonNull(window, "window must not be null");
        Objects.requireNonNull(halfOpenTimeout, "halfOpenTimeout must not be null");
        require(!halfOpenTimeout.isNegative() && !halfOpenTimeout.isZero(), "halfOpenTimeout", halfOpenTimeout,
                "must be positive");
        require(halfOpenTimeout.compareTo(MAX_TTL) <= 0, "halfOpenTimeout", halfOpenTimeout,
                "must be at most " + MAX_TTL + " (about 292 years)");
        require(maxKeys >= 1, "maxKeys", maxKeys, "must be at least 1");
        Objects.requireNonNull(keyIdleTimeout, "keyIdleTimeout must not be null");
        require(!keyIdleTimeout.isNegative() && !keyIdleTimeout.isZero(), "keyIdleTimeout", keyIdleTimeout,
                "must be positive");
        require(keyIdleTimeout.compareTo(MAX_TTL) <= 0, "keyIdleTimeout", keyIdleTimeout,
                "must be at most " + MAX_TTL + " (about 292 years)");
    }

    /**
     * The settings before keyed circuits, with {@link #maxKeys()} and {@link #keyIdleTimeout()} at their
     * defaults. Prefer {@link #builder()}.
     *
     * @param threshold see {@link #threshold()}
     * @param ttl see {@link #ttl()}
     * @param halfOpenCalls see {@link #halfOpenCalls()}
     * @param halfOpenSuccesses see {@link #halfOpenSuccesses()}
     * @param exclude see {@link #exclude()}
     * @param backoffMultiplier see {@link #backoffMultiplier()}
     * @param maxTtl see {@link #maxTtl()}
     * @param window see {@link #window()}
     * @param halfOpenTimeout see {@link #halfOpenTimeout()}
     */
    public CircuitBreakerConfig(int threshold, Duration ttl, int halfOpenCalls, int halfOpenSuccesses,
            List<ExcludeRule> exclude, double backoffMultiplier, Duration maxTtl, RateWindow window,
            Duration halfOpenTimeout) {
        this(threshold, ttl, halfOpenCalls, halfOpenSuccesses, exclude, backoffMultiplier, maxTtl, window,
                halfOpenTimeout, DEFAULT_MAX_KEYS, DEFAULT_KEY_IDLE_TIMEOUT);
    }

    /**
     * The settings of the first release, with {@link #halfOpenTimeout()} at its default. Prefer
     * {@link #builder()}.
     *
     * @param threshold see {@link #threshold()}
     * @param ttl see {@link #ttl()}
     * @param halfOpenCalls see {@link #halfOpenCalls()}
     * @param halfOpenSuccesses see {@link #halfOpenSuccesses()}
     * @param exclude see {@link #exclude()}
     * @param backoffMultiplier see {@link #backoffMultiplier()}
     * @param maxTtl see {@link #maxTtl()}
     * @param window see {@link #window()}
     */
    public CircuitBreakerConfig(int threshold, Duration ttl, int halfOpenCalls, int halfOpenSuccesses,
            List<ExcludeRule> exclude, double backoffMultiplier, Duration maxTtl, RateWindow window) {
        this(threshold, ttl, halfOpenCalls, halfOpenSuccesses, exclude, backoffMultiplier, maxTtl, window,
                DEFAULT_HALF_OPEN_TIMEOUT);
    }

    private static void require(boolean valid, String field, Object value, String rule) {
        if (!valid) {
            throw new IllegalArgumentException(field + " " + rule + ", but was " + value);
        }
    }

    /**
     * Returns a builder with Purgatory's defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the default configuration.
     *
     * @return threshold 5, ttl 30 s, one half-open call, nothing excluded, no back-off
     */
    public static CircuitBreakerConfig defaults() {
        return builder().build();
    }

    /**
     * Returns a builder that starts from this configuration.
     *
     * @return a new builder holding these settings
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.threshold = threshold;
        builder.ttl = ttl;
        builder.halfOpenCalls = halfOpenCalls;
        // Derived defaults stay unset so that changing ttl or halfOpenCalls later moves them too.
        builder.halfOpenSuccesses = halfOpenSuccesses == halfOpenCalls ? null : halfOpenSuccesses;
        builder.exclude.addAll(exclude);
        builder.backoffMultiplier = backoffMultiplier;
        builder.maxTtl = maxTtl.equals(ttl) ? null : maxTtl;
        builder.window = window;
        builder.halfOpenTimeout = halfOpenTimeout;
        builder.maxKeys = maxKeys;
        builder.keyIdleTimeout = keyIdleTimeout;
        return builder;
    }

    /**
     * Whether a thrown exception is excluded, that is counts as a success.
     * The first rule whose type matches decides, even when its predicate answers {@code false}.
     *
     * @param failure the exception thrown by a call
     * @return {@code true} when the exception does not count as a failure
     */
    public boolean isExcluded(Throwable failure) {
        for (ExcludeRule rule : exclude) {
            if (rule.matches(failure)) {
                return rule.predicate().test(failure);
            }
        }
        return false;
    }

    /**
     * Returns the open period after {@code reopenings} re-opens in a row, with back-off applied.
     *
     * @param reopenings how many times the circuit re-opened since it last closed (0 for the first opening)
     * @return the open period, never longer than {@link #maxTtl()}
     */
    public Duration openPeriod(int reopenings) {
        if (backoffMultiplier == 1.0 || reopenings == 0) {
            return ttl;
        }
        double nanos = ttl.toNanos() * Math.pow(backoffMultiplier, reopenings);
        return nanos >= maxTtl.toNanos() ? maxTtl : Duration.ofNanos((long) nanos);
    }

    /** Builds a {@link CircuitBreakerConfig}; not thread-safe. */
    public static final class Builder {
        private int threshold = DEFAULT_THRESHOLD;
        private Duration ttl = DEFAULT_TTL;
        private int halfOpenCalls = DEFAULT_HALF_OPEN_CALLS;
        private Integer halfOpenSuccesses;
        private final List<ExcludeRule> exclude = new ArrayList<>();
        private double backoffMultiplier = 1.0;
        private Duration maxTtl;
        private RateWindow window = RateWindow.NONE;
        private Duration halfOpenTimeout = DEFAULT_HALF_OPEN_TIMEOUT;
        private int maxKeys = DEFAULT_MAX_KEYS;
        private Duration keyIdleTimeout = DEFAULT_KEY_IDLE_TIMEOUT;

        private Builder() {
        }

        /**
         * Sets how many counted failures in a row open the circuit.
         *
         * @param threshold at least 1
         * @return this builder
         */
        public Builder threshold(int threshold) {
            this.threshold = threshold;
            return this;
        }

        /**
         * Sets how long the circuit stays open before a trial call is let through.
         *
         * @param ttl a positive duration
         * @return this builder
         */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /**
         * Sets how many trial calls one half-open round lets through.
         *
         * @param halfOpenCalls at least 1
         * @return this builder
         */
        public Builder halfOpenCalls(int halfOpenCalls) {
            this.halfOpenCalls = halfOpenCalls;
            return this;
        }

        /**
         * Sets how many successful trials close the circuit; by default all {@code halfOpenCalls} must succeed.
         *
         * @param halfOpenSuccesses between 1 and {@code halfOpenCalls}
         * @return this builder
         */
        public Builder halfOpenSuccesses(int halfOpenSuccesses) {
            this.halfOpenSuccesses = halfOpenSuccesses;
            return this;
        }

        /**
         * Adds exception types that count as a success (subclasses match).
         *
         * @param types excluded exception types
         * @return this builder
         */
        @SafeVarargs
        public final Builder exclude(Class<? extends Throwable>... types) {
            for (Class<? extends Throwable> type : types) {
                exclude.add(ExcludeRule.of(type));
            }
            return this;
        }

        /**
         * Adds a rule that excludes exceptions of a type only when the predicate holds.
         *
         * @param type the exception type the rule is about
         * @param predicate decides for an exception of that type
         * @param <T> the exception type
         * @return this builder
         */
        public <T extends Throwable> Builder exclude(Class<T> type, java.util.function.Predicate<? super T> predicate) {
            exclude.add(ExcludeRule.of(type, predicate));
            return this;
        }

        /**
         * Adds rules to the end of the exclude list.
         *
         * @param rules rules to add, in order
         * @return this builder
         */
        public Builder exclude(List<ExcludeRule> rules) {
            exclude.addAll(rules);
            return this;
        }

        /**
         * Puts rules in front of the exclude list, so that they decide before the existing ones.
         *
         * @param rules rules to add, in order
         * @return this builder
         */
        public Builder excludeFirst(List<ExcludeRule> rules) {
            exclude.addAll(0, rules);
            return this;
        }

        /**
         * Removes every exclude rule.
         *
         * @return this builder
         */
        public Builder clearExclude() {
            exclude.clear();
            return this;
        }

        /**
         * Multiplies the open period by {@code multiplier} on every re-open, up to {@code maxTtl}.
         *
         * @param multiplier at least 1 (1 turns back-off off)
         * @param maxTtl the longest open period
         * @return this builder
         */
        public Builder backoff(double multiplier, Duration maxTtl) {
            this.backoffMultiplier = multiplier;
            this.maxTtl = maxTtl;
            return this;
        }

        /**
         * Sets the rate-based trip conditions (failure rate, slow-call rate) and their sliding window.
         * They open the circuit in addition to the consecutive-failure threshold: whichever holds first.
         *
         * @param window the window and thresholds, or {@link RateWindow#NONE}
         * @return this builder
         */
        public Builder window(RateWindow window) {
            this.window = window;
            return this;
        }

        /**
         * Sets how long a trial call may hold its half-open slot without reporting; after it the slot is
         * freed for another trial and the late outcome is ignored, so a lost call cannot keep the
         * circuit half-open.
         *
         * @param halfOpenTimeout a positive duration
         * @return this builder
         */
        public Builder halfOpenTimeout(Duration halfOpenTimeout) {
            this.halfOpenTimeout = halfOpenTimeout;
            return this;
        }

        /**
         * Sets, for a group of keyed circuits, the most circuits it keeps; past it the least recently used
         * closed circuit is evicted, and when none can be, a new key uses the group's shared circuit.
         *
         * @param maxKeys at least 1
         * @return this builder
         */
        public Builder maxKeys(int maxKeys) {
            this.maxKeys = maxKeys;
            return this;
        }

        /**
         * Sets, for a group of keyed circuits, how long a closed circuit may go unused before it is evicted.
         *
         * @param keyIdleTimeout a positive duration
         * @return this builder
         */
        public Builder keyIdleTimeout(Duration keyIdleTimeout) {
            this.keyIdleTimeout = keyIdleTimeout;
            return this;
        }

        /**
         * Builds and validates the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first invalid setting and its value
         */
        public CircuitBreakerConfig build() {
            int successes = halfOpenSuccesses != null ? halfOpenSuccesses : halfOpenCalls;
            Duration max = maxTtl != null ? maxTtl : ttl;
            return new CircuitBreakerConfig(threshold, ttl, halfOpenCalls, successes, exclude, backoffMultiplier, max, window,
                    halfOpenTimeout, maxKeys, keyIdleTimeout);
        }
    }
}
