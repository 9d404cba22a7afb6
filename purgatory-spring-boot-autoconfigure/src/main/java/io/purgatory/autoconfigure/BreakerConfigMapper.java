package io.purgatory.autoconfigure;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitNames;
import io.purgatory.ExcludeRule;
import io.purgatory.RateWindow;
import io.purgatory.SlidingWindowType;
import io.purgatory.autoconfigure.InvalidPurgatoryPropertiesException.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.util.ClassUtils;

/**
 * Turns bound {@link PurgatoryProperties} into validated core configuration, reporting every invalid
 * value with its full property key. The one place where Spring types meet core types. Used once at
 * start-up; not shared between threads.
 */
public final class BreakerConfigMapper {

    /** The store types Purgatory knows. */
    public static final Set<String> STORE_TYPES = Set.of("memory", "redis");

    private final ClassLoader classLoader;
    private final List<Violation> violations = new ArrayList<>();

    private BreakerConfigMapper(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /**
     * Validates and maps the properties.
     *
     * @param properties the bound properties
     * @param classLoader resolves exclude class names
     * @return the defaults and per-breaker configuration
     * @throws InvalidPurgatoryPropertiesException listing every invalid key and value
     */
    public static MappedConfig map(PurgatoryProperties properties, ClassLoader classLoader) {
        return map(properties, classLoader, List.of());
    }

    /**
     * Validates and maps the properties, reporting problems found elsewhere (unknown keys) with its own.
     *
     * @param properties the bound properties
     * @param classLoader resolves exclude class names
     * @param alreadyFound violations found before binding, reported first
     * @return the defaults and per-breaker configuration
     * @throws InvalidPurgatoryPropertiesException listing every invalid key and value
     */
    public static MappedConfig map(PurgatoryProperties properties, ClassLoader classLoader, List<Violation> alreadyFound) {
        BreakerConfigMapper mapper = new BreakerConfigMapper(classLoader);
        mapper.violations.addAll(alreadyFound);
        return mapper.map(properties);
    }

    private MappedConfig map(PurgatoryProperties properties) {
        String storeType = properties.getStore().getType();
        check(storeType != null && STORE_TYPES.contains(storeType.trim().toLowerCase(Locale.ROOT)), "purgatory.store.type",
                storeType, "must be one of " + new TreeSet<>(STORE_TYPES));
        BreakerSettings defaultSettings = BreakerSettings.of(properties.getDefaults());
        CircuitBreakerConfig defaults = build("purgatory.defaults", defaultSettings);
        Map<String, CircuitBreakerConfig> breakers = new LinkedHashMap<>();
        properties.getBreakers().forEach((name, override) -> {
            String prefix = "purgatory.breakers." + keyPart(name);
            check(CircuitNames.isValid(name), prefix, name, "is not a valid circuit name (" + CircuitNames.RULE + ")");
            CircuitBreakerConfig config = build(prefix, defaultSettings.with(override));
            if (config != null) {
                breakers.put(name, config);
            }
        });
        if (!violations.isEmpty()) {
            throw new InvalidPurgatoryPropertiesException(violations);
        }
        return new MappedConfig(defaults, breakers);
    }

    private CircuitBreakerConfig build(String prefix, BreakerSettings s) {
        int before = violations.size();
        check(s.threshold() >= 1, prefix + ".threshold", s.threshold(), "must be at least 1");
        check(positive(s.ttl()), prefix + ".ttl", s.ttl(), "must be a positive duration, for example 30s");
        check(s.ttl() == null || s.ttl().compareTo(CircuitBreakerConfig.MAX_TTL) <= 0, prefix + ".ttl", s.ttl(),
                "must be at most " + CircuitBreakerConfig.MAX_TTL);
        check(s.maxTtl() == null || s.maxTtl().compareTo(CircuitBreakerConfig.MAX_TTL) <= 0, prefix + ".max-ttl", s.maxTtl(),
                "must be at most " + CircuitBreakerConfig.MAX_TTL);
        check(s.halfOpenCalls() >= 1, prefix + ".half-open-calls", s.halfOpenCalls(), "must be at least 1");
        Integer successes = s.halfOpenSuccesses();
        check(successes == null || (successes >= 1 && successes <= s.halfOpenCalls()), prefix + ".half-open-successes",
                successes, "must be between 1 and half-open-calls (" + s.halfOpenCalls() + ")");
        check(s.backoffMultiplier() >= 1.0 && Double.isFinite(s.backoffMultiplier()), prefix + ".backoff-multiplier",
                s.backoffMultiplier(), "must be at least 1 (1 turns back-off off)");
        check(s.maxTtl() == null || s.ttl() == null || s.maxTtl().compareTo(s.ttl()) >= 0, prefix + ".max-ttl", s.maxTtl(),
                "must not be shorter than ttl (" + s.ttl() + ")");
        // Without a longer max-ttl, every backed-off period would be cut back to ttl: the multiplier would do nothing.
        check(s.backoffMultiplier() <= 1.0 || s.maxTtl() != null, prefix + ".backoff-multiplier", s.backoffMultiplier(),
                "needs " + prefix + ".max-ttl, the longest open period back-off may reach (for example 5m)");
        RateWindow window = window(prefix, s);
        List<ExcludeRule> exclude = excludes(prefix, s.exclude());
        exclude.addAll(excludes("purgatory.defaults", s.inheritedExclude()));
        if (violations.size() > before) {
            return null;
        }
        CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder()
                .threshold(s.threshold()).ttl(s.ttl()).halfOpenCalls(s.halfOpenCalls()).exclude(exclude)
                .backoff(s.backoffMultiplier(), s.maxTtl() != null ? s.maxTtl() : s.ttl()).window(window);
        if (successes != null) {
            builder.halfOpenSuccesses(successes);
        }
        return builder.build();
    }

    private RateWindow window(String prefix, BreakerSettings s) {
        if (!s.hasRateCondition()) {
            return RateWindow.NONE;
        }
        checkRate(prefix + ".failure-rate-threshold", s.failureRateThreshold());
        checkRate(prefix + ".slow-call-rate-threshold", s.slowCallRateThreshold());
        check(positive(s.slowCallDuration()), prefix + ".slow-call-duration", s.slowCallDuration(), "must be a positive duration");
        boolean countBased = s.slidingWindowType() == SlidingWindowType.COUNT_BASED;
        check(s.slidingWindowSize() >= 1, prefix + ".sliding-window-size", s.slidingWindowSize(), "must be at least 1");
        check(positive(s.slidingWindowDuration()), prefix + ".sliding-window-duration", s.slidingWindowDuration(),
                "must be a positive duration");
        check(s.minimumCalls() >= 1, prefix + ".minimum-calls", s.minimumCalls(), "must be at least 1");
        check(!countBased || s.minimumCalls() <= s.slidingWindowSize(), prefix + ".minimum-calls", s.minimumCalls(),
                "must not exceed sliding-window-size (" + s.slidingWindowSize() + ") of a count-based window");
        try {
            return new RateWindow(s.slidingWindowType(), s.slidingWindowSize(), s.slidingWindowDuration(), s.minimumCalls(),
                    s.failureRateThreshold() == null ? 0f : s.failureRateThreshold(),
                    s.slowCallRateThreshold() == null ? 0f : s.slowCallRateThreshold(), s.slowCallDuration());
        } catch (IllegalArgumentException | NullPointerException alreadyReported) {
            return RateWindow.NONE;
        }
    }

    private void checkRate(String key, Float rate) {
        check(rate == null || (rate > 0f && rate <= 100f), key, rate, "must be a percentage in (0, 100]");
    }

    @SuppressWarnings("unchecked")
    private List<ExcludeRule> excludes(String prefix, List<String> names) {
        List<ExcludeRule> rules = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i) == null ? "" : names.get(i).trim();
            String key = prefix + ".exclude[" + i + "]";
            Class<?> type;
            try {
                type = ClassUtils.forName(name, classLoader);
            } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
                check(false, key, name, "no such class on the classpath");
                continue;
            }
            if (!Throwable.class.isAssignableFrom(type)) {
                check(false, key, name, "is not an exception class (not a java.lang.Throwable)");
                continue;
            }
            rules.add(ExcludeRule.of((Class<? extends Throwable>) type));
        }
        return rules;
    }

    private void check(boolean valid, String key, Object value, String reason) {
        if (!valid && violations.stream().noneMatch(v -> v.key().equals(key) && v.reason().equals(reason))) {
            violations.add(new Violation(key, value, reason));
        }
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    /** Map keys with characters other than letters, digits and '-' need Boot's bracket notation. */
    private static String keyPart(String name) {
        return name.matches("[a-zA-Z0-9-]+") ? name : "[" + name + "]";
    }

    /**
     * The validated configuration.
     *
     * @param defaults settings of breakers without an override
     * @param breakers per-breaker settings, defaults merged in
     */
    public record MappedConfig(CircuitBreakerConfig defaults, Map<String, CircuitBreakerConfig> breakers) {
    }
}
