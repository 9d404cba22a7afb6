package io.purgatory.autoconfigure;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.autoconfigure.BreakerConfigMapper.MappedConfig;
import io.purgatory.autoconfigure.InvalidPurgatoryPropertiesException.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Re-binds {@code purgatory.*} from the environment and applies it to the running breakers, keeping
 * their state: what a change of the environment at runtime ({@code /actuator/refresh}, Spring Cloud
 * Config, a Kubernetes ConfigMap reload) calls, and what you call after changing a
 * {@code ConfigurableEnvironment} yourself. Thread-safe: refreshes run one at a time.
 *
 * <p>The new configuration is validated exactly as at start-up (same checks, same messages). A bad
 * value never half-applies: the whole change is refused, every breaker keeps its settings, and one
 * ERROR line names each refused key and value. Breakers that the new configuration names for the first
 * time are created, as configured breakers are at start-up; breakers whose {@code purgatory.breakers}
 * entry disappeared fall back to the defaults and stay. {@code purgatory.store.*} and the Redis settings
 * are not re-applied: they need a restart (a change is logged as a warning).
 */
public class PurgatoryConfigurationRefresher {

    private static final Log logger = LogFactory.getLog(PurgatoryConfigurationRefresher.class);

    private final CircuitBreakerFactory factory;
    private final Environment environment;
    private final ClassLoader classLoader;
    private final ObjectProvider<ConfigurationRefreshListener> listeners;
    private final String startedStoreType;

    /**
     * Creates a refresher.
     *
     * @param factory the factory whose breakers take the new configuration
     * @param environment where {@code purgatory.*} is read
     * @param classLoader resolves exclude class names
     * @param listeners told how each refresh ended
     */
    public PurgatoryConfigurationRefresher(CircuitBreakerFactory factory, Environment environment,
            ClassLoader classLoader, ObjectProvider<ConfigurationRefreshListener> listeners) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.classLoader = classLoader;
        this.listeners = listeners;
        this.startedStoreType = storeType(bindOrNull());
    }

    /**
     * Reads {@code purgatory.*} again and applies it, or refuses it whole.
     *
     * @return {@code true} when the configuration was applied (whether or not anything changed),
     *     {@code false} when it was refused
     */
    public synchronized boolean refresh() {
        MappedConfig mapped;
        PurgatoryProperties properties;
        try {
            properties = bind();
            PropertyOrigins origins = new PropertyOrigins(environment);
            mapped = BreakerConfigMapper.map(properties, classLoader, UnknownBreakerKeys.in(environment), origins::of);
        } catch (InvalidPurgatoryPropertiesException invalid) {
            refuse(invalid.getViolations());
            return false;
        }
        String storeType = storeType(properties);
        if (!Objects.equals(storeType, startedStoreType)) {
            logger.warn("purgatory.store.type changed from '" + startedStoreType + "' to '" + storeType
                    + "': the store is chosen at start-up; restart the application to use it");
        }
        List<String> changed = factory.reconfigureAll(mapped.defaults(), mapped.breakers());
        List<String> created = new ArrayList<>();
        for (String name : mapped.breakers().keySet()) {
            if (factory.findBreaker(name).isEmpty()) {
                factory.getBreaker(name);
                created.add(name);
            }
        }
        if (!changed.isEmpty() || !created.isEmpty()) {
            logger.info("Applied the new Purgatory configuration: changed " + changed + ", created " + created);
        }
        notify(listener -> listener.applied(changed, List.copyOf(created)));
        return true;
    }

    private void refuse(List<Violation> violations) {
        // One line, so that a log search for the refusal finds the whole reason.
        logger.error("Refused the new Purgatory configuration, the previous one stays: " + violations.stream()
                .map(Violation::toString).collect(Collectors.joining("; ")));
        notify(listener -> listener.refused(violations));
    }

    private void notify(Consumer<ConfigurationRefreshListener> event) {
        listeners.orderedStream().forEach(listener -> {
            try {
                event.accept(listener);
            } catch (RuntimeException failure) {
                logger.warn("A ConfigurationRefreshListener failed: " + listener, failure);
            }
        });
    }

    /** Binds a fresh instance: the application's own bean may be re-bound by others at any moment. */
    private PurgatoryProperties bind() {
        try {
            return Binder.get(environment).bindOrCreate("purgatory", Bindable.of(PurgatoryProperties.class));
        } catch (BindException unconvertible) {
            // A value of the wrong type (threshold: many): at start-up Boot itself reports it and stops.
            String key = unconvertible.getProperty() != null ? unconvertible.getProperty().getName().toString()
                    : unconvertible.getName().toString();
            Object value = unconvertible.getProperty() != null ? unconvertible.getProperty().getValue() : null;
            Throwable cause = unconvertible.getCause() != null ? unconvertible.getCause() : unconvertible;
            throw new InvalidPurgatoryPropertiesException(List.of(new Violation(key, value,
                    "cannot be converted: " + cause.getMessage(), new PropertyOrigins(environment).of(key))));
        }
    }

    private PurgatoryProperties bindOrNull() {
        try {
            return bind();
        } catch (InvalidPurgatoryPropertiesException alreadyReportedAtStartUp) {
            return null;
        }
    }

    private static String storeType(PurgatoryProperties properties) {
        String type = properties == null ? null : properties.getStore().getType();
        return type == null ? null : type.trim().toLowerCase(Locale.ROOT);
    }
}
