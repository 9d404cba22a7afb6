package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerConfigCustomizer;
import io.purgatory.ExcludeRule;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collects the {@code exclude} types of {@code @CircuitBreaker} annotations per circuit while beans
 * are created, and adds them to each breaker's exclude list when the breaker is created. Thread-safe.
 */
public final class AnnotationExcludes implements CircuitBreakerConfigCustomizer {

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
}
