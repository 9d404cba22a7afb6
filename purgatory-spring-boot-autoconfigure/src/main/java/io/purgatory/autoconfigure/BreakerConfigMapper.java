package io.purgatory.autoconfigure;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.ExcludeRule;
import io.purgatory.autoconfigure.InvalidPurgatoryPropertiesException.Violation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.util.ClassUtils;

/**
 * Turns bound {@link PurgatoryProperties} into validated core configuration, reporting every invalid
 * value with its full property key. The one place where Spring types meet core types. Stateless
 * apart from its inputs; not shared between threads.
 */
public final class BreakerConfigMapper {

    /** The store types Purgatory knows. */
    public static final Set<String> STORE_TYPES = Set.of("memory", "redis");

    private final PurgatoryProperties properties;
    private final ClassLoader classLoader;
    private final List<Violation> violations = new ArrayList<>();

    private BreakerConfigMapper(PurgatoryProperties properties, ClassLoader classLoader) {
        this.properties = properties;
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
        return new BreakerConfigMapper(properties, classLoader).map();
    }

    private MappedConfig map() {
        String storeType = properties.getStore().getType();
        if (storeType == null || !STORE_TYPES.contains(storeType.trim().toLowerCase(java.util.Locale.ROOT))) {
            violations.add(new Violation("purgatory.store.type", storeType, "must be one of " + new java.util.TreeSet<>(STORE_TYPES)));
        }
        PurgatoryProperties.Defaults d = properties.getDefaults();
        CircuitBreakerConfig defaults = build("purgatory.defaults", d.getThreshold(), d.getTtl(), d.getHalfOpenCalls(),
                d.getHalfOpenSuccesses(), d.getBackoffMultiplier(), d.getMaxTtl(), excludes("purgatory.defaults", d.getExclude()));
        Map<String, CircuitBreakerConfig> breakers = new LinkedHashMap<>();
        properties.getBreakers().forEach((name, b) -> {
            String prefix = "purgatory.breakers." + keyPart(name);
            checkName(prefix, name);
            List<ExcludeRule> exclude = new ArrayList<>(excludes(prefix, b.getExclude()));
            exclude.addAll(excludes(null, d.getExclude()));
            CircuitBreakerConfig config = build(prefix,
                    or(b.getThreshold(), d.getThreshold()), or(b.getTtl(), d.getTtl()),
                    or(b.getHalfOpenCalls(), d.getHalfOpenCalls()), or(b.getHalfOpenSuccesses(), d.getHalfOpenSuccesses()),
                    or(b.getBackoffMultiplier(), d.getBackoffMultiplier()), or(b.getMaxTtl(), d.getMaxTtl()), exclude);
            if (config != null) {
                breakers.put(name, config);
            }
        });
        if (!violations.isEmpty()) {
            throw new InvalidPurgatoryPropertiesException(violations);
        }
        return new MappedConfig(defaults, breakers);
    }

    private CircuitBreakerConfig build(String prefix, int threshold, Duration ttl, int halfOpenCalls, Integer halfOpenSuccesses,
            double backoffMultiplier, Duration maxTtl, List<ExcludeRule> exclude) {
        int before = violations.size();
        check(threshold >= 1, prefix + ".threshold", threshold, "must be at least 1");
        check(ttl != null && !ttl.isNegative() && !ttl.isZero(), prefix + ".ttl", ttl, "must be a positive duration, for example 30s");
        check(halfOpenCalls >= 1, prefix + ".half-open-calls", halfOpenCalls, "must be at least 1");
        check(halfOpenSuccesses == null || (halfOpenSuccesses >= 1 && halfOpenSuccesses <= halfOpenCalls),
                prefix + ".half-open-successes", halfOpenSuccesses, "must be between 1 and half-open-calls (" + halfOpenCalls + ")");
        check(backoffMultiplier >= 1.0 && Double.isFinite(backoffMultiplier), prefix + ".backoff-multiplier",
                backoffMultiplier, "must be at least 1 (1 turns back-off off)");
        check(maxTtl == null || ttl == null || maxTtl.compareTo(ttl) >= 0, prefix + ".max-ttl", maxTtl,
                "must not be shorter than ttl (" + ttl + ")");
        if (violations.size() > before) {
            return null;
        }
        CircuitBreakerConfig.Builder builder = CircuitBreakerConfig.builder()
                .threshold(threshold).ttl(ttl).halfOpenCalls(halfOpenCalls).exclude(exclude)
                .backoff(backoffMultiplier, maxTtl != null ? maxTtl : ttl);
        if (halfOpenSuccesses != null) {
            builder.halfOpenSuccesses(halfOpenSuccesses);
        }
        return builder.build();
    }

    /** Resolves exclude class names; reports problems under {@code prefix} unless it is null (already reported). */
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
                if (prefix != null) {
                    violations.add(new Violation(key, name, "no such class on the classpath"));
                }
                continue;
            }
            if (!Throwable.class.isAssignableFrom(type)) {
                if (prefix != null) {
                    violations.add(new Violation(key, name, "is not an exception class (not a java.lang.Throwable)"));
                }
                continue;
            }
            rules.add(ExcludeRule.of((Class<? extends Throwable>) type));
        }
        return rules;
    }

    private void checkName(String prefix, String name) {
        boolean valid = !name.isBlank() && name.length() <= 200 && name.chars().noneMatch(Character::isISOControl);
        check(valid, prefix, name, "is not a valid circuit name (1 to 200 characters, no control characters)");
    }

    private void check(boolean valid, String key, Object value, String reason) {
        if (!valid) {
            violations.add(new Violation(key, value, reason));
        }
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
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
