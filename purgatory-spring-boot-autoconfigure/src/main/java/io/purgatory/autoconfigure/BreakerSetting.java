package io.purgatory.autoconfigure;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.SlidingWindowType;
import io.purgatory.autoconfigure.PurgatoryProperties.Breaker;
import io.purgatory.autoconfigure.PurgatoryProperties.Defaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One setting a breaker accepts, under {@code purgatory.defaults} and {@code purgatory.breakers.<name>}:
 * its key, how to read it from each bound class, and the checks of its own value. Immutable; thread-safe.
 *
 * <p>{@link #ALL} is the one list of settings: the known-keys check, the merge of an override over
 * the defaults and the validation derive from it. The {@code @ConfigurationProperties} classes still
 * declare each setting as a field (with its default and Javadoc), because binding and the generated
 * IDE metadata are read from them; a test checks them against this list, so a setting added to one
 * and not the other fails the build.
 *
 * @param <T> the bound type
 */
final class BreakerSetting<T> {

    private static final String POSITIVE = "must be a positive duration";
    private static final String AT_LEAST_ONE = "must be at least 1";
    private static final String PERCENTAGE = "must be a percentage in (0, 100]";

    static final BreakerSetting<Integer> THRESHOLD = new BreakerSetting<>("threshold", Defaults::getThreshold,
            Breaker::getThreshold, Map.of(AT_LEAST_ONE, v -> v != null && v >= 1));
    static final BreakerSetting<Duration> TTL = new BreakerSetting<>("ttl", Defaults::getTtl, Breaker::getTtl,
            Map.of(POSITIVE + ", for example 30s", BreakerSetting::positive, atMostMaxTtl(), BreakerSetting::atMostMaxTtl));
    static final BreakerSetting<List<String>> EXCLUDE = new BreakerSetting<>("exclude", Defaults::getExclude,
            Breaker::getExclude, Map.of());
    static final BreakerSetting<Integer> HALF_OPEN_CALLS = new BreakerSetting<>("half-open-calls", Defaults::getHalfOpenCalls,
            Breaker::getHalfOpenCalls, Map.of(AT_LEAST_ONE, v -> v != null && v >= 1));
    static final BreakerSetting<Duration> HALF_OPEN_TIMEOUT = new BreakerSetting<>("half-open-timeout",
            Defaults::getHalfOpenTimeout, Breaker::getHalfOpenTimeout,
            Map.of(POSITIVE + ", for example 60s", BreakerSetting::positive, atMostMaxTtl(), BreakerSetting::atMostMaxTtl));
    static final BreakerSetting<Integer> HALF_OPEN_SUCCESSES = new BreakerSetting<>("half-open-successes",
            Defaults::getHalfOpenSuccesses, Breaker::getHalfOpenSuccesses, Map.of());
    static final BreakerSetting<Double> BACKOFF_MULTIPLIER = new BreakerSetting<>("backoff-multiplier",
            Defaults::getBackoffMultiplier, Breaker::getBackoffMultiplier,
            Map.of("must be at least 1 (1 turns back-off off)", v -> v != null && v >= 1.0 && Double.isFinite(v)));
    static final BreakerSetting<Duration> MAX_TTL = new BreakerSetting<>("max-ttl", Defaults::getMaxTtl, Breaker::getMaxTtl,
            Map.of(atMostMaxTtl(), BreakerSetting::atMostMaxTtl));
    static final BreakerSetting<Float> FAILURE_RATE_THRESHOLD = new BreakerSetting<>("failure-rate-threshold",
            Defaults::getFailureRateThreshold, Breaker::getFailureRateThreshold, Map.of(PERCENTAGE, BreakerSetting::percentage));
    static final BreakerSetting<Float> SLOW_CALL_RATE_THRESHOLD = new BreakerSetting<>("slow-call-rate-threshold",
            Defaults::getSlowCallRateThreshold, Breaker::getSlowCallRateThreshold, Map.of(PERCENTAGE, BreakerSetting::percentage));
    static final BreakerSetting<Duration> SLOW_CALL_DURATION = new BreakerSetting<>("slow-call-duration",
            Defaults::getSlowCallDuration, Breaker::getSlowCallDuration, Map.of(POSITIVE, BreakerSetting::positive));
    static final BreakerSetting<SlidingWindowType> SLIDING_WINDOW_TYPE = new BreakerSetting<>("sliding-window-type",
            Defaults::getSlidingWindowType, Breaker::getSlidingWindowType, Map.of("must be set", v -> v != null));
    static final BreakerSetting<Integer> SLIDING_WINDOW_SIZE = new BreakerSetting<>("sliding-window-size",
            Defaults::getSlidingWindowSize, Breaker::getSlidingWindowSize, Map.of(AT_LEAST_ONE, v -> v != null && v >= 1));
    static final BreakerSetting<Duration> SLIDING_WINDOW_DURATION = new BreakerSetting<>("sliding-window-duration",
            Defaults::getSlidingWindowDuration, Breaker::getSlidingWindowDuration, Map.of(POSITIVE, BreakerSetting::positive));
    static final BreakerSetting<Integer> MINIMUM_CALLS = new BreakerSetting<>("minimum-calls", Defaults::getMinimumCalls,
            Breaker::getMinimumCalls, Map.of(AT_LEAST_ONE, v -> v != null && v >= 1));

    static final BreakerSetting<Integer> MAX_KEYS = new BreakerSetting<>("max-keys", Defaults::getMaxKeys,
            Breaker::getMaxKeys, Map.of(AT_LEAST_ONE, v -> v != null && v >= 1));
    static final BreakerSetting<Duration> KEY_IDLE_TIMEOUT = new BreakerSetting<>("key-idle-timeout",
            Defaults::getKeyIdleTimeout, Breaker::getKeyIdleTimeout,
            Map.of(POSITIVE + ", for example 10m", BreakerSetting::positive, atMostMaxTtl(), BreakerSetting::atMostMaxTtl));

    /** Every setting, in the order problems are reported. */
    static final List<BreakerSetting<?>> ALL = List.of(THRESHOLD, TTL, EXCLUDE, HALF_OPEN_CALLS, HALF_OPEN_TIMEOUT,
            HALF_OPEN_SUCCESSES,
            BACKOFF_MULTIPLIER, MAX_TTL, FAILURE_RATE_THRESHOLD, SLOW_CALL_RATE_THRESHOLD, SLOW_CALL_DURATION,
            SLIDING_WINDOW_TYPE, SLIDING_WINDOW_SIZE, SLIDING_WINDOW_DURATION, MINIMUM_CALLS, MAX_KEYS, KEY_IDLE_TIMEOUT);

    /** The keys of every setting, in canonical (kebab-case) form. */
    static final List<String> KEYS = ALL.stream().map(BreakerSetting::key).collect(Collectors.toUnmodifiableList());

    private final String key;
    private final Function<Defaults, T> fromDefaults;
    private final Function<Breaker, T> fromOverride;
    private final Map<String, Predicate<T>> checks;

    /**
     * @param checks each reason a value is invalid, with the test that a valid value passes; every
     *     test takes {@code null} too (an optional setting left unset, or a required one bound empty)
     */
    private BreakerSetting(String key, Function<Defaults, T> fromDefaults, Function<Breaker, T> fromOverride,
            Map<String, Predicate<T>> checks) {
        this.key = key;
        this.fromDefaults = fromDefaults;
        this.fromOverride = fromOverride;
        this.checks = checks;
    }

    /** The key under a breaker's prefix, for example {@code half-open-calls}. */
    String key() {
        return key;
    }

    /** The value bound under {@code purgatory.defaults}. */
    T defaultValue(Defaults defaults) {
        return fromDefaults.apply(defaults);
    }

    /** The value bound under {@code purgatory.breakers.<name>}, {@code null} when the breaker inherits it. */
    T overrideValue(Breaker override) {
        return fromOverride.apply(override);
    }

    /** The reasons this value is invalid for, alone; rules between settings are the mapper's. */
    List<String> problems(T value) {
        return checks.entrySet().stream()
                .filter(check -> !check.getValue().test(value))
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    @Override
    public String toString() {
        return key;
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static boolean atMostMaxTtl(Duration duration) {
        return duration == null || duration.compareTo(CircuitBreakerConfig.MAX_TTL) <= 0;
    }

    private static String atMostMaxTtl() {
        return "must be at most " + CircuitBreakerConfig.MAX_TTL;
    }

    private static boolean percentage(Float rate) {
        return rate == null || (rate > 0f && rate <= 100f);
    }
}
