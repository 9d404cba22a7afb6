package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerConfigCustomizer;
import io.purgatory.ExcludeRule;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Collects the {@code exclude} types of {@code @CircuitBreaker} annotations per circuit while the
 * context starts, and adds them to each breaker's exclude list when the breaker is created.
 * Thread-safe.
 *
 * <p>The auto-configured factory applies it as a customizer; a factory of your own must be given
 * this bean with {@code CircuitBreakerFactory.Builder#customizer}. A breaker's config is fixed once
 * it exists, so {@link #warnIfNotApplied} names every annotation exclude that did not reach its
 * breaker instead of letting it be lost silently.
 */
public final class AnnotationExcludes implements CircuitBreakerConfigCustomizer {

    private static final Log logger = LogFactory.getLog(AnnotationExcludes.class);

    private final Map<String, Set<Class<? extends Throwable>>> byCircuit = new ConcurrentHashMap<>();

    void add(String circuitName, Class<? extends Throwable>[] types) {
        if (types.length > 0) {
            Set<Class<? extends Throwable>> set = byCircuit.computeIfAbsent(circuitName, n -> new LinkedHashSet<>());
            synchronized (set) {
                set.addAll(List.of(types));
            }
        }
    }

    @Override
    public void customize(String circuitName, CircuitBreakerConfig.Builder config) {
        Set<Class<? extends Throwable>> types = byCircuit.get(circuitName);
        if (types != null) {
            synchronized (types) {
                types.forEach(type -> config.exclude(List.of(ExcludeRule.of(type))));
            }
        }
    }

    /**
     * Logs a warning when a guarded method's annotation excludes types that its breaker does not:
     * the breaker existed before the method's bean was known, or a user-defined factory does not
     * apply this customizer. Runs once per guarded method, never per call.
     *
     * @param excluded the annotation's exclude types
     * @param config the configuration of the method's breaker (or of its group's circuits)
     * @param name the breaker's (or group's) name
     * @param declaredBy the guarded method, for the message
     */
    static void warnIfNotApplied(Class<? extends Throwable>[] excluded, CircuitBreakerConfig config, String name,
            String declaredBy) {
        List<ExcludeRule> rules = config.exclude();
        String missing = Arrays.stream(excluded)
                .filter(type -> rules.stream().noneMatch(rule -> rule.type().isAssignableFrom(type)))
                .map(Class::getName).collect(Collectors.joining(", "));
        if (!missing.isEmpty()) {
            logger.warn("The exclude of @CircuitBreaker(\"" + name + "\") on " + declaredBy + " does not apply: breaker '"
                    + name + "' was created without " + missing + " (it existed before that bean was known, or the "
                    + "CircuitBreakerFactory bean does not use the AnnotationExcludes customizer). List the types under "
                    + "purgatory.breakers." + name + ".exclude instead.");
        }
    }
}
