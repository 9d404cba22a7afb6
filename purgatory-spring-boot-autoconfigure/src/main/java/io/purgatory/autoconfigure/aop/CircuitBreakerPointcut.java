package io.purgatory.autoconfigure.aop;

import java.lang.reflect.Method;
import org.springframework.aop.support.StaticMethodMatcherPointcut;

/** Matches methods guarded by {@code @CircuitBreaker}, on the method or its class. Stateless; thread-safe. */
final class CircuitBreakerPointcut extends StaticMethodMatcherPointcut {

    @Override
    public boolean matches(Method method, Class<?> targetClass) {
        return CircuitBreakerAnnotations.find(method, targetClass) != null;
    }
}
