package io.purgatory.autoconfigure.aop;

import io.purgatory.annotation.CircuitBreaker;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.util.ClassUtils;

/**
 * The methods of a bean class that the circuit-breaker advice reaches by reflection: every guarded
 * method (Spring AOP calls the target with {@code Method.invoke}) and every fallback candidate it
 * names. Found with the advice's own annotation and fallback resolution, so the AOT hints cannot
 * drift from what runs. Stateless; thread-safe.
 */
public final class ReflectiveMethods {

    private ReflectiveMethods() {
    }

    /**
     * Lists the guarded methods and their fallback candidates declared by or inherited into a class.
     * A fallback that does not resolve is left out: the start-up check reports it.
     *
     * @param beanType the bean's class (a CGLIB subclass is looked through)
     * @return the methods, guarded ones before their fallbacks; empty when nothing is guarded
     */
    public static Set<Method> of(Class<?> beanType) {
        Class<?> type = ClassUtils.getUserClass(beanType);
        Set<Method> methods = new LinkedHashSet<>();
        CircuitBreakerAnnotations.guardedMethods(type).forEach((method, annotation) -> {
            methods.add(method);
            if (!annotation.fallbackMethod().isEmpty()) {
                try {
                    methods.addAll(FallbackResolver.resolve(type, method, annotation.fallbackMethod()).candidates());
                } catch (FallbackResolver.InvalidFallbackException reportedAtStartUp) {
                    // nothing to hint: the application does not start with this method
                }
            }
        });
        return methods;
    }
}
