package io.purgatory.autoconfigure;

import io.purgatory.SlidingWindowType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;

/**
 * Binds the {@code purgatory.*} configuration. Only binds: {@link BreakerConfigMapper} validates
 * the values and turns them into core configuration. Not thread-safe (bound once at start-up).
 */
@ConfigurationProperties("purgatory")
public class PurgatoryProperties {

    /** Order of the circuit-breaker advice: outside Spring Retry, Resilience4j retry and transactions. */
    public static final int DEFAULT_ASPECT_ORDER = Ordered.LOWEST_PRECEDENCE - 10;

    /**
     * Whether Purgatory is enabled: the aspect, the factory and every other Purgatory bean.
     */
    private boolean enabled = true;

    /**
     * Settings every breaker starts from.
     */
    private final Defaults defaults = new Defaults();

    /**
     * Per-breaker overrides, by circuit name. Unset keys inherit the defaults.
     */
    private final Map<String, Breaker> breakers = new LinkedHashMap<>();

    /**
     * Where breaker state lives.
     */
    private final Store store = new Store();

    /**
     * The @CircuitBreaker advice.
     */
    private final Aspect aspect = new Aspect();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Defaults getDefaults() {
        return defaults;
    }

    public Map<String, Breaker> getBreakers() {
        return breakers;
    }

    public Store getStore() {
        return store;
    }

    public Aspect getAspect() {
        return aspect;
    }

    /** The settings every breaker starts from. */
    public static class Defaults {

        /**
         * Counted failures in a row that open a circuit.
         */
        private int threshold = 5;

        /**
         * How long a circuit stays open before one trial call is let through.
         */
        private Duration ttl = Duration.ofSeconds(30);

        /**
         * Fully qualified names of exception classes that count as a success (subclasses match).
         */
        private List<String> exclude = new ArrayList<>();

        /**
         * Trial calls allowed at once while a circuit is half-open.
         */
        private int halfOpenCalls = 1;

        /**
         * Longest time a half-open trial call holds its slot; a trial that has not reported by then (a stage
         * never completed, a lost callback) frees it for the next call, and its late outcome is ignored.
         */
        private Duration halfOpenTimeout = Duration.ofSeconds(60); // the core's default, literal for the IDE metadata

        /**
         * Successful trial calls that close a half-open circuit. Defaults to half-open-calls.
         */
        private Integer halfOpenSuccesses;

        /**
         * Factor applied to the open period on each re-open without a close in between; 1 turns back-off off.
         */
        private double backoffMultiplier = 1.0;

        /**
         * Longest open period that back-off can reach; required when backoff-multiplier is above 1.
         */
        private Duration maxTtl;

        /**
         * Percentage of counted failures in the sliding window that opens a circuit, in (0, 100]. Unset: no failure-rate condition.
         */
        private Float failureRateThreshold;

        /**
         * Percentage of slow calls in the sliding window that opens a circuit, in (0, 100]. Unset: no slow-call condition.
         */
        private Float slowCallRateThreshold;

        /**
         * Duration from which a call counts as slow.
         */
        private Duration slowCallDuration = Duration.ofSeconds(60);

        /**
         * Type of the sliding window used by the rate conditions: the last calls (count-based) or the last duration (time-based).
         */
        private SlidingWindowType slidingWindowType = SlidingWindowType.COUNT_BASED;

        /**
         * Number of calls a count-based sliding window keeps.
         */
        private int slidingWindowSize = 100;

        /**
         * Duration a time-based sliding window covers.
         */
        private Duration slidingWindowDuration = Duration.ofSeconds(60);

        /**
         * Calls the sliding window must hold before rates are evaluated.
         */
        private int minimumCalls = 100;

        /**
         * Most circuits a keyed group (@CircuitBreaker with a key) keeps; past it the least recently used
         * closed circuit is evicted, or a new key uses the group's shared circuit.
         */
        private int maxKeys = 10_000; // the core's default, literal for the IDE metadata

        /**
         * How long a closed circuit of a keyed group may go unused before it is evicted.
         */
        private Duration keyIdleTimeout = Duration.ofMinutes(10);

        public int getThreshold() {
            return threshold;
        }

        public void setThreshold(int threshold) {
            this.threshold = threshold;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public List<String> getExclude() {
            return exclude;
        }

        public void setExclude(List<String> exclude) {
            this.exclude = exclude;
        }

        public int getHalfOpenCalls() {
            return halfOpenCalls;
        }

        public void setHalfOpenCalls(int halfOpenCalls) {
            this.halfOpenCalls = halfOpenCalls;
        }

        public Integer getHalfOpenSuccesses() {
            return halfOpenSuccesses;
        }

        public Duration getHalfOpenTimeout() {
            return halfOpenTimeout;
        }

        public void setHalfOpenTimeout(Duration halfOpenTimeout) {
            this.halfOpenTimeout = halfOpenTimeout;
        }

        public void setHalfOpenSuccesses(Integer halfOpenSuccesses) {
            this.halfOpenSuccesses = halfOpenSuccesses;
        }

        public double getBackoffMultiplier() {
            return backoffMultiplier;
        }

        public void setBackoffMultiplier(double backoffMultiplier) {
            this.backoffMultiplier = backoffMultiplier;
        }

        public Duration getMaxTtl() {
            return maxTtl;
        }

        public void setMaxTtl(Duration maxTtl) {
            this.maxTtl = maxTtl;
        }

        public Float getFailureRateThreshold() {
            return failureRateThreshold;
        }

        public void setFailureRateThreshold(Float failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        public Float getSlowCallRateThreshold() {
            return slowCallRateThreshold;
        }

        public void setSlowCallRateThreshold(Float slowCallRateThreshold) {
            this.slowCallRateThreshold = slowCallRateThreshold;
        }

        public Duration getSlowCallDuration() {
            return slowCallDuration;
        }

        public void setSlowCallDuration(Duration slowCallDuration) {
            this.slowCallDuration = slowCallDuration;
        }

        public SlidingWindowType getSlidingWindowType() {
            return slidingWindowType;
        }

        public void setSlidingWindowType(SlidingWindowType slidingWindowType) {
            this.slidingWindowType = slidingWindowType;
        }

        public int getSlidingWindowSize() {
            return slidingWindowSize;
        }

        public void setSlidingWindowSize(int slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
        }

        public Duration getSlidingWindowDuration() {
            return slidingWindowDuration;
        }

        public void setSlidingWindowDuration(Duration slidingWindowDuration) {
            this.slidingWindowDuration = slidingWindowDuration;
        }

        public int getMinimumCalls() {
            return minimumCalls;
        }

        public void setMinimumCalls(int minimumCalls) {
            this.minimumCalls = minimumCalls;
        }

        public int getMaxKeys() {
            return maxKeys;
        }

        public void setMaxKeys(int maxKeys) {
            this.maxKeys = maxKeys;
        }

        public Duration getKeyIdleTimeout() {
            return keyIdleTimeout;
        }

        public void setKeyIdleTimeout(Duration keyIdleTimeout) {
            this.keyIdleTimeout = keyIdleTimeout;
        }
    }

    /** One breaker's overrides; a key left unset inherits {@link Defaults}. */
    public static class Breaker {

        /**
         * Counted failures in a row that open this circuit.
         */
        private Integer threshold;

        /**
         * How long this circuit stays open before one trial call is let through.
         */
        private Duration ttl;

        /**
         * Exception class names that count as a success for this circuit, checked before the default ones.
         */
        private List<String> exclude = new ArrayList<>();

        /**
         * Trial calls allowed at once while this circuit is half-open.
         */
        private Integer halfOpenCalls;

        /**
         * Longest time a half-open trial call of this circuit holds its slot before the next call may try.
         */
        private Duration halfOpenTimeout;

        /**
         * Successful trial calls that close this circuit when half-open.
         */
        private Integer halfOpenSuccesses;

        /**
         * Factor applied to this circuit's open period on each re-open.
         */
        private Double backoffMultiplier;

        /**
         * Longest open period that back-off can reach for this circuit.
         */
        private Duration maxTtl;

        /**
         * Percentage of counted failures in this circuit's sliding window that opens it, in (0, 100].
         */
        private Float failureRateThreshold;

        /**
         * Percentage of slow calls in this circuit's sliding window that opens it, in (0, 100].
         */
        private Float slowCallRateThreshold;

        /**
         * Duration from which a call of this circuit counts as slow.
         */
        private Duration slowCallDuration;

        /**
         * Type of this circuit's sliding window.
         */
        private SlidingWindowType slidingWindowType;

        /**
         * Number of calls this circuit's count-based sliding window keeps.
         */
        private Integer slidingWindowSize;

        /**
         * Duration this circuit's time-based sliding window covers.
         */
        private Duration slidingWindowDuration;

        /**
         * Calls this circuit's sliding window must hold before rates are evaluated.
         */
        private Integer minimumCalls;

        /**
         * Most circuits this keyed group keeps; past it the least recently used closed circuit is evicted,
         * or a new key uses the group's shared circuit.
         */
        private Integer maxKeys;

        /**
         * How long a closed circuit of this keyed group may go unused before it is evicted.
         */
        private Duration keyIdleTimeout;

        public Integer getThreshold() {
            return threshold;
        }

        public void setThreshold(Integer threshold) {
            this.threshold = threshold;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public List<String> getExclude() {
            return exclude;
        }

        public void setExclude(List<String> exclude) {
            this.exclude = exclude;
        }

        public Integer getHalfOpenCalls() {
            return halfOpenCalls;
        }

        public void setHalfOpenCalls(Integer halfOpenCalls) {
            this.halfOpenCalls = halfOpenCalls;
        }

        public Integer getHalfOpenSuccesses() {
            return halfOpenSuccesses;
        }

        public Duration getHalfOpenTimeout() {
            return halfOpenTimeout;
        }

        public void setHalfOpenTimeout(Duration halfOpenTimeout) {
            this.halfOpenTimeout = halfOpenTimeout;
        }

        public void setHalfOpenSuccesses(Integer halfOpenSuccesses) {
            this.halfOpenSuccesses = halfOpenSuccesses;
        }

        public Double getBackoffMultiplier() {
            return backoffMultiplier;
        }

        public void setBackoffMultiplier(Double backoffMultiplier) {
            this.backoffMultiplier = backoffMultiplier;
        }

        public Duration getMaxTtl() {
            return maxTtl;
        }

        public void setMaxTtl(Duration maxTtl) {
            this.maxTtl = maxTtl;
        }

        public Float getFailureRateThreshold() {
            return failureRateThreshold;
        }

        public void setFailureRateThreshold(Float failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        public Float getSlowCallRateThreshold() {
            return slowCallRateThreshold;
        }

        public void setSlowCallRateThreshold(Float slowCallRateThreshold) {
            this.slowCallRateThreshold = slowCallRateThreshold;
        }

        public Duration getSlowCallDuration() {
            return slowCallDuration;
        }

        public void setSlowCallDuration(Duration slowCallDuration) {
            this.slowCallDuration = slowCallDuration;
        }

        public SlidingWindowType getSlidingWindowType() {
            return slidingWindowType;
        }

        public void setSlidingWindowType(SlidingWindowType slidingWindowType) {
            this.slidingWindowType = slidingWindowType;
        }

        public Integer getSlidingWindowSize() {
            return slidingWindowSize;
        }

        public void setSlidingWindowSize(Integer slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
        }

        public Duration getSlidingWindowDuration() {
            return slidingWindowDuration;
        }

        public void setSlidingWindowDuration(Duration slidingWindowDuration) {
            this.slidingWindowDuration = slidingWindowDuration;
        }

        public Integer getMinimumCalls() {
            return minimumCalls;
        }

        public void setMinimumCalls(Integer minimumCalls) {
            this.minimumCalls = minimumCalls;
        }

        public Integer getMaxKeys() {
            return maxKeys;
        }

        public void setMaxKeys(Integer maxKeys) {
            this.maxKeys = maxKeys;
        }

        public Duration getKeyIdleTimeout() {
            return keyIdleTimeout;
        }

        public void setKeyIdleTimeout(Duration keyIdleTimeout) {
            this.keyIdleTimeout = keyIdleTimeout;
        }
    }

    /** Where breaker state lives. */
    public static class Store {

        /**
         * Store type: 'memory' keeps state in this instance, 'redis' shares it through Redis.
         */
        private String type = "memory";

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }
    }

    /** The @CircuitBreaker advice. */
    public static class Aspect {

        /**
         * Order of the circuit-breaker advice among other advice; lower runs outside. The default
         * wraps Spring Retry, Resilience4j retry and @Transactional, so one logical call counts once;
         * Spring's cache advice, left at its default order, is placed just outside this one.
         */
        private int order = DEFAULT_ASPECT_ORDER;

        public int getOrder() {
            return order;
        }

        public void setOrder(int order) {
            this.order = order;
        }
    }
}
