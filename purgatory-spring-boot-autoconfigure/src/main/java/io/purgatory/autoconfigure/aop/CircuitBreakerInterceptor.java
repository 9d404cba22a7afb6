package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitBreakerGroup;
import io.purgatory.annotation.CircuitBreaker;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.MethodClassKey;
import org.springframework.util.ClassUtils;

/**
 * The advice behind {@code @CircuitBreaker}: resolves each guarded method once (breaker or key expression,
 * return-type handling, fallback) and then runs every call through it with one map lookup (plus, for a
 * keyed method, the key's evaluation and one lookup in its group). A plain
 * {@link MethodInterceptor} rather than an AspectJ {@code @Around}, so no argument binding or join
 * point object is built per call. Thread-safe.
 */
final class CircuitBreakerInterceptor implements MethodInterceptor {

    private final ObjectProvider<CircuitBreakerFactory> factory;
    private final ConcurrentHashMap<Method, GuardedMethod> byMethod = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<MethodClassKey, GuardedMethod> byMethodAndClass = new ConcurrentHashMap<>();

    CircuitBreakerInterceptor(ObjectProvider<CircuitBreakerFactory> factory) {
        this.factory = factory;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Class<?> targetClass = target != null ? target.getClass() : null;
        GuardedMethod guarded = byMethod.get(invocation.getMethod());
        if (guarded == null || guarded.targetClass() != targetClass) {
            // One method shared by several target classes (an inherited method under different class annotations).
            guarded = byMethodAndClass.computeIfAbsent(new MethodClassKey(invocation.getMethod(), targetClass),
                    key -> resolve(invocation.getMethod(), targetClass));
            byMethod.putIfAbsent(invocation.getMethod(), guarded);
        }
        if (guarded.call() == null) {
            return invocation.proceed();
        }
        return guarded.call().invoke(invocation, guarded.breakerFor(invocation), guarded.fallback());
    }

    private GuardedMethod resolve(Method method, Class<?> targetClass) {
        Class<?> userClass = targetClass != null ? ClassUtils.getUserClass(targetClass) : method.getDeclaringClass();
        CircuitBreaker annotation = CircuitBreakerAnnotations.find(method, userClass);
        if (annotation == null) {
            return new GuardedMethod(targetClass, null, null, null, null);
        }
        Method specific = AopUtils.getMostSpecificMethod(method, userClass);
        FallbackMethod fallback = annotation.fallbackMethod().isEmpty() ? null
                : FallbackResolver.resolve(userClass, specific, annotation.fallbackMethod());
        String declaredBy = userClass.getName() + "." + method.getName();
        if (!annotation.key().isEmpty()) {
            CircuitBreakerGroup group = factory.getObject().getGroup(annotation.value());
            AnnotationExcludes.warnIfNotApplied(annotation.exclude(), group.getConfig(), group.getName(), declaredBy);
            return new GuardedMethod(targetClass, null, ReturnTypes.callFor(specific), fallback,
                    KeyExpression.parse(annotation.key(), specific, group, declaredBy));
        }
        io.purgatory.CircuitBreaker breaker = factory.getObject().getBreaker(annotation.value());
        AnnotationExcludes.warnIfNotApplied(annotation.exclude(), breaker.getConfig(), breaker.getName(), declaredBy);
        return new GuardedMethod(targetClass, breaker, ReturnTypes.callFor(specific), fallback, null);
    }
}
