package io.purgatory.autoconfigure.aop;

import io.purgatory.annotation.CircuitBreaker;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the {@link CircuitBreaker} annotation that applies to a method: on the method itself, or
 * on its class for its public business methods. A method annotation wins. Stateless; thread-safe.
 *
 * <p>A class annotation guards public instance methods only, and none of {@code Object}'s
 * ({@code toString}, {@code equals}, {@code hashCode}, even when the class overrides them as records
 * and Lombok do): logging or hashing a bean is not a call to the dependency.
 */
final class CircuitBreakerAnnotations {

    private CircuitBreakerAnnotations() {
    }

    /**
     * Returns the annotation guarding {@code method} when called on an instance of {@code targetClass}.
     *
     * @param method the invoked method (possibly an interface method)
     * @param targetClass the class of the target, or {@code null} when unknown
     * @return the annotation, or {@code null} when the method is not guarded
     */
    static CircuitBreaker find(Method method, Class<?> targetClass) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        CircuitBreaker onMethod = AnnotatedElementUtils.findMergedAnnotation(specific, CircuitBreaker.class);
        if (onMethod != null) {
            return onMethod;
        }
        if (ReflectionUtils.isObjectMethod(specific) || !Modifier.isPublic(specific.getModifiers())
                || Modifier.isStatic(specific.getModifiers())) {
            return null;
        }
        Class<?> type = targetClass != null ? targetClass : specific.getDeclaringClass();
        return AnnotatedElementUtils.findMergedAnnotation(type, CircuitBreaker.class);
    }

    /**
     * Returns every guarded method a class declares or inherits, with its annotation: what the start-up
     * check validates and what the AOT hints cover.
     *
     * @param type the user class (not a proxy)
     * @return the guarded methods in declaration order, each with the annotation that guards it
     */
    static Map<Method, CircuitBreaker> guardedMethods(Class<?> type) {
        Map<Method, CircuitBreaker> guarded = new LinkedHashMap<>();
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
            CircuitBreaker annotation = find(method, type);
            if (annotation != null) {
                guarded.put(method, annotation);
            }
        }
        return guarded;
    }
}
