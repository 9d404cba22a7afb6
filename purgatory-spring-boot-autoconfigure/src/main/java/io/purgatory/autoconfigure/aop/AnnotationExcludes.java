package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerConfigCustomizer;
import io.purgatory.ExcludeRule;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Collects the {@code exclude} types of {@code @CircuitBreaker} annotations per circuit while the
 * context starts, and adds them to each breaker's exclude list when the breaker is created.
 * Thread-safe.
 *
 * <p>A breaker's config is fixed once it exists. Types that arrive later (from a bean whose class
 * could not be known before it was created) are kept for breakers created afterwards, and a warning
 * names the circuit they did not reach.
 */
public final class AnnotationExcludes implements CircuitBreakerConfigCustomizer {

    private static final Log logger = LogFactory.getLog(AnnotationExcludes.class);

    private final Map<String, Set<Class<? extends Throwable>>> byCircuit = new ConcurrentHashMap<>();
    private final Set<String> applied = ConcurrentHashMap.newKeySet();

    void add(String circuitName, Class<? extends Throwable>[] types, String declaredBy) {
        if (types.length == 0) {
            return;
        }
        Set<Class<? extends Throwable>> set = byCircuit.computeIfAbsent(circuitName, n -> new LinkedHashSet<>());
        boolean added;
        synchronized (set) {
            added = set.addAll(List.of(types));
        }
        if (added && applied.contains(circuitName)) {
            logger.warn("The exclude of @CircuitBreaker(\"" + circuitName + "\") on " + declaredBy
                    + " does not apply: breaker '" + circuitName + "' already existed when that bean was created."
                    + " List the types under purgatory.breakers." + circuitName + ".exclude instead.");
        }
    }

    @Override
    public void customize(String circuitName, CircuitBreakerConfig.Builder config) {
        applied.add(circuitName);
        Set<Class<? extends Throwable>> types = byCircuit.get(circuitName);
        if (types != null) {
            synchronized (types) {
                types.forEach(type -> config.exclude(List.of(ExcludeRule.of(type))));
            }
        }
    }
}
