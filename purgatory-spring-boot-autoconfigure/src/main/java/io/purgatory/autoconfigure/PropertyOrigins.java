package io.purgatory.autoconfigure;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;
import org.springframework.lang.Nullable;

/**
 * Finds where a {@code purgatory.*} value was configured ({@code application.yml} line, environment
 * variable, ...), the way Spring Boot's own binding failures name it. Thread-safe if the environment's
 * property sources do not change meanwhile (a new instance per start-up or refresh).
 */
final class PropertyOrigins {

    private static final ConfigurationPropertyName BREAKERS = ConfigurationPropertyName.of("purgatory.breakers");
    private static final ConfigurationPropertyName DEFAULTS = ConfigurationPropertyName.of("purgatory.defaults");

    private final Iterable<ConfigurationPropertySource> sources;

    PropertyOrigins(Environment environment) {
        this.sources = ConfigurationPropertySources.get(environment);
    }

    /**
     * Describes where a key's value comes from.
     *
     * @param key a full key, for example {@code purgatory.breakers.payments.exclude[0]}
     * @return the origin of the value in the first source that has it; for a list element given as one
     *     comma-separated value, the list's origin; for a breaker setting left unset, the origin of the
     *     default it inherits, as {@code purgatory.defaults.ttl from <origin>}; {@code null} when the value
     *     is nobody's but Purgatory's own default
     */
    @Nullable
    String of(String key) {
        ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(key);
        if (name == null) {
            return null;
        }
        Origin origin = originOf(name);
        if (origin != null) {
            return origin.toString();
        }
        ConfigurationPropertyName inherited = inheritedDefault(name);
        Origin inheritedOrigin = inherited == null ? null : originOf(inherited);
        return inheritedOrigin == null ? null : inherited + " from " + inheritedOrigin;
    }

    @Nullable
    private Origin originOf(ConfigurationPropertyName name) {
        Origin origin = find(name);
        if (origin == null && name.isLastElementIndexed()) {
            origin = find(name.getParent());
        }
        return origin;
    }

    @Nullable
    private Origin find(ConfigurationPropertyName name) {
        for (ConfigurationPropertySource source : sources) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null) {
                return property.getOrigin();
            }
        }
        return null;
    }

    /** {@code purgatory.breakers.payments.ttl} inherits {@code purgatory.defaults.ttl}. */
    @Nullable
    private static ConfigurationPropertyName inheritedDefault(ConfigurationPropertyName name) {
        int settingAt = BREAKERS.getNumberOfElements() + 1;
        if (!BREAKERS.isAncestorOf(name) || name.getNumberOfElements() <= settingAt) {
            return null;
        }
        return DEFAULTS.append(name.subName(settingAt));
    }
}
