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
import java.util.function.Function;
import org.springframework.util.ClassUtils;

/**
 * Turns bound {@link PurgatoryProperties} into validated core configuration, reporting every invalid
 * value with its full property key. The one place where Spring types meet core types. Used at start-up
 * and on each runtime refresh ({@link PurgatoryConfigurationRefresher}), a new mapper each time; not shared
 * between threads.
 */
public final class BreakerConfigMapper {

    /** The store types Purgatory knows. */
    public static final Set<String> STORE_TYPES = Set.of("memory", "redis");

    private final ClassLoader classLoader;
    private final Function<String, String> origins;
    private final List<Violation> violations = new ArrayList<>();

    private BreakerConfigMapper(ClassLoader classLoader, Function<String, String> origins) {
        this.classLoader = classLoader;
        this.origins = origins;
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
        return map(properties, classLoader, alreadyFound, key -> null);
    }

    /**
     * Validates and maps the properties, naming where each invalid value was configured.
     *
     * @param properties the bound properties
     * @param classLoader resolves exclude class names
     * @param alreadyFound violations found before binding, reported first
     * @param origins describes where a key's value was configured, or returns {@code null}
     * @return the defaults and per-breaker configuration
     * @throws InvalidPurgatoryPropertiesException listing every invalid key, value and origin
     */
    public static MappedConfig map(PurgatoryProperties properties, ClassLoader classLoader, List<Violation> alreadyFound,
            Function<String, String> origins) {
        BreakerConfigMapper mapper = new BreakerConfigMapper(classLoader, origins);
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
        for (BreakerSetting<?> setting : BreakerSetting.ALL) {
            checkAlone(prefix, s, setting);
        }
        int halfOpenCalls = s.get(BreakerSetting.HALF_OPEN_CALLS);
        Integer successes = s.get(BreakerSetting.HALF_OPEN_SUCCESSES);
        check(successes == null || (successes >= 1 && successes <= halfOpenCalls), prefix + ".half-open-successes",
                successes, "must be between 1 and half-open-calls (" + halfOpenCalls + ")");
        Duration ttl = s.get(BreakerSetting.TTL);
        Duration maxTtl = s.get(BreakerSetting.MAX_TTL);
        double multiplier = s.get(BreakerSetting.BACKOFF_MULTIPLIER);
        check(maxTtl == null || ttl == null || maxTtl.compareTo(ttl) >= 0, prefix + ".max-ttl", maxTtl,
                "must not be shorter than ttl (" + ttl + ")");
        // Without a longer max-ttl, every backed-off period would be cut back to ttl: the multiplier would do nothing.
        check(multiplier <= 1.0 || maxTtl != null, prefix + ".backoff-multiplier", multiplier,
                "needs " + prefix + ".max-ttl, the longest open period back-off may reach (for example 5m)");
        RateWindow window = window(prefix, s);
        List<ExcludeRule> exclude = excludes(prefix, s.get(BreakerSetting.EXCLUDE));
        exclude.addAll(excludes("purgatory.defaults", s.inheritedExclude()));
        if (violations.size() > before) {
            return null;
        }
        CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder()
                .threshold(s.get(BreakerSetting.THRESHOLD)).ttl(ttl).halfOpenCalls(halfOpenCalls)
                .halfOpenTimeout(s.get(BreakerSetting.HALF_OPEN_TIMEOUT)).exclude(exclude)
                .backoff(multiplier, maxTtl != null ? maxTtl : ttl).window(window)
                .maxKeys(s.get(BreakerSetting.MAX_KEYS)).keyIdleTimeout(s.get(BreakerSetting.KEY_IDLE_TIMEOUT));
        if (successes != null) {
            builder.halfOpenSuccesses(successes);
        }
        return builder.build();
    }

    private <T> void checkAlone(String prefix, BreakerSettings s, BreakerSetting<T> setting) {
        T value = s.get(setting);
        setting.problems(value).forEach(reason -> check(false, prefix + "." + setting.key(), value, reason));
    }

    private RateWindow window(String prefix, BreakerSettings s) {
        if (!s.hasRateCondition()) {
            return RateWindow.NONE;
        }
        int size = s.get(BreakerSetting.SLIDING_WINDOW_SIZE);
        int minimumCalls = s.get(BreakerSetting.MINIMUM_CALLS);
        Float failureRate = s.get(BreakerSetting.FAILURE_RATE_THRESHOLD);
        Float slowCallRate = s.get(BreakerSetting.SLOW_CALL_RATE_THRESHOLD);
        check(s.get(BreakerSetting.SLIDING_WINDOW_TYPE) != SlidingWindowType.COUNT_BASED || minimumCalls <= size,
                prefix + ".minimum-calls", minimumCalls,
                "must not exceed sliding-window-size (" + size + ") of a count-based window");
        try {
            return new RateWindow(s.get(BreakerSetting.SLIDING_WINDOW_TYPE), size, s.get(BreakerSetting.SLIDING_WINDOW_DURATION),
                    minimumCalls, failureRate == null ? 0f : failureRate, slowCallRate == null ? 0f : slowCallRate,
                    s.get(BreakerSetting.SLOW_CALL_DURATION));
        } catch (IllegalArgumentException | NullPointerException alreadyReported) {
            return RateWindow.NONE;
        }
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
            violations.add(new Violation(key, value, reason, origins.apply(key)));
        }
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
