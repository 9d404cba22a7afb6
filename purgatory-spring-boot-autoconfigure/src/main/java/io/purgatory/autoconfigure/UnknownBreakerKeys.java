package io.purgatory.autoconfigure;

import io.purgatory.autoconfigure.InvalidPurgatoryPropertiesException.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Finds misspelt breaker settings ({@code purgatory.breakers.payments.treshold}) that binding would
 * silently ignore, so a typo stops the start instead of leaving a breaker on its defaults.
 * Stateless; thread-safe.
 */
final class UnknownBreakerKeys {

    /** Every setting as relaxed binding compares them: lower case, no dashes ({@code halfOpenCalls} is known). */
    private static final Set<String> KNOWN_UNIFORM = BreakerSetting.KEYS.stream()
            .map(key -> key.replace("-", ""))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static final ConfigurationPropertyName DEFAULTS = ConfigurationPropertyName.of("purgatory.defaults");
    private static final ConfigurationPropertyName BREAKERS = ConfigurationPropertyName.of("purgatory.breakers");

    private UnknownBreakerKeys() {
    }

    /**
     * Lists the configured keys under {@code purgatory.defaults} and {@code purgatory.breakers.<name>}
     * that name no setting.
     *
     * @param environment the application's environment
     * @return one violation per unknown key, in the order the property sources list them
     */
    static List<Violation> in(Environment environment) {
        List<Violation> unknown = new ArrayList<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream().forEach(name -> {
                String setting = settingOf(name);
                if (setting != null && !KNOWN_UNIFORM.contains(setting)
                        && unknown.stream().noneMatch(v -> v.key().equals(name.toString()))) {
                    ConfigurationProperty property = source.getConfigurationProperty(name);
                    unknown.add(new Violation(name.toString(), property.getValue(),
                            "is not a breaker setting; the settings are " + new java.util.TreeSet<>(BreakerSetting.KEYS),
                            property.getOrigin() == null ? null : property.getOrigin().toString()));
                }
            });
        }
        return unknown;
    }

    /** Returns the setting a key names (uniform form), or {@code null} when the key is no breaker setting at all. */
    private static String settingOf(ConfigurationPropertyName name) {
        if (DEFAULTS.isAncestorOf(name) && name.getNumberOfElements() > DEFAULTS.getNumberOfElements()) {
            return name.getElement(DEFAULTS.getNumberOfElements(), ConfigurationPropertyName.Form.UNIFORM);
        }
        if (BREAKERS.isAncestorOf(name) && name.getNumberOfElements() > BREAKERS.getNumberOfElements() + 1) {
            return name.getElement(BREAKERS.getNumberOfElements() + 1, ConfigurationPropertyName.Form.UNIFORM);
        }
        return null;
    }
}
