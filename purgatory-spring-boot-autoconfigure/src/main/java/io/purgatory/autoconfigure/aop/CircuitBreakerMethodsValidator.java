package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitNames;
import io.purgatory.annotation.CircuitBreaker;
import io.purgatory.autoconfigure.aop.InvalidCircuitBreakerMethodsException.Problem;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Checks every {@code @CircuitBreaker} method of every bean while the context starts: circuit name,
 * whether a proxy can reach it at all ({@link UnreachableMethods}), the key expression, fallback existence,
 * signature and return type. Problems are collected and the start fails once, listing them all. Also registers each
 * annotation's {@code exclude} types. Thread-safe.
 *
 * <p>Bean types are read from the bean definitions before any bean is created, so lazy, prototype
 * and scoped beans are checked at start-up too, and every annotation exclude is known before the
 * first breaker exists. Beans whose class only shows once they are created (a {@code @Bean} method
 * declared to return an interface) are checked when they are created.
 */
final class CircuitBreakerMethodsValidator implements BeanFactoryPostProcessor, BeanPostProcessor, SmartInitializingSingleton {

    private static final Log logger = LogFactory.getLog(CircuitBreakerMethodsValidator.class);

    private final AnnotationExcludes excludes;
    private final Set<Class<?>> checked = ConcurrentHashMap.newKeySet();
    private final List<Problem> problems = new ArrayList<>();
    private volatile boolean started;

    CircuitBreakerMethodsValidator(AnnotationExcludes excludes) {
        this.excludes = excludes;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        for (String name : beanFactory.getBeanDefinitionNames()) {
            Class<?> type = declaredType(beanFactory, name);
            if (type != null && !type.isInterface()) {
                checkType(type);
            }
        }
        failIfProblems();
    }

    private static Class<?> declaredType(ConfigurableListableBeanFactory beanFactory, String name) {
        try {
            // false: never create a FactoryBean just to learn its product's type.
            return beanFactory.getBeanDefinition(name).isAbstract() ? null : beanFactory.getType(name, false);
        } catch (BeansException | LinkageError unresolvable) {
            return null; // its class is checked when the bean is created, if it ever is
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        checkType(AopUtils.getTargetClass(bean));
        if (started) {
            failIfProblems(); // a bean created after start-up whose class was not known before
        }
        return bean;
    }

    private void checkType(Class<?> beanType) {
        Class<?> type = ClassUtils.getUserClass(beanType);
        if (checked.add(type)) {
            CircuitBreakerAnnotations.guardedMethods(type).forEach((method, annotation) -> check(type, method, annotation));
        }
    }

    @Override
    public void afterSingletonsInstantiated() {
        started = true;
        failIfProblems();
    }

    private void check(Class<?> type, Method method, CircuitBreaker annotation) {
        String name = annotation.value();
        if (!CircuitNames.isValid(name)) {
            report(type, method, "circuit name '" + name + "' is not valid", CircuitNames.RULE);
            return;
        }
        UnreachableMethods.Reason unreachable = UnreachableMethods.check(type, method,
                !AnnotatedElementUtils.hasAnnotation(method, CircuitBreaker.class));
        if (unreachable != null && unreachable.warningOnly()) {
            logger.warn(describe(type, method) + " " + unreachable.problem() + ". Fix: " + unreachable.fix() + ".");
        } else if (unreachable != null) {
            report(type, method, unreachable.problem(), unreachable.fix());
            return;
        }
        excludes.add(name, annotation.exclude());
        if (!annotation.key().isEmpty()) {
            String keyProblem = KeyExpression.problem(annotation.key(), method);
            if (keyProblem != null) {
                report(type, method, keyProblem, "a SpEL expression over the parameters, for example #order.merchantId or "
                        + "#p0 (parameter names need the compiler's -parameters flag)");
            }
        }
        if (!annotation.fallbackMethod().isEmpty()) {
            try {
                FallbackResolver.resolve(type, method, annotation.fallbackMethod());
            } catch (FallbackResolver.InvalidFallbackException e) {
                report(type, method, "fallback: " + e.getMessage(), e.expected());
            }
        }
    }

    private synchronized void report(Class<?> type, Method method, String problem, String expected) {
        problems.add(new Problem(describe(type, method), problem, expected));
    }

    private static String describe(Class<?> type, Method method) {
        KotlinFunctions.Signature kotlin = KotlinFunctions.kotlinSignature(method);
        if (kotlin != null) {
            return type.getName() + ": " + kotlin;
        }
        String params = Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "));
        return type.getName() + "." + method.getName() + "(" + params + ")";
    }

    private synchronized void failIfProblems() {
        if (!problems.isEmpty()) {
            List<Problem> found = List.copyOf(problems);
            problems.clear();
            throw new InvalidCircuitBreakerMethodsException(found);
        }
    }
}
