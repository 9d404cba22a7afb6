package io.purgatory.autoconfigure.aot;

import io.purgatory.autoconfigure.aop.KeyExpressionTypes;
import io.purgatory.autoconfigure.aop.ReflectiveMethods;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * Computes, from the application's beans and configuration at build time, the reflection hints the
 * circuit-breaker advice needs in a native image: guarded methods and their fallbacks invocable,
 * exception classes named in YAML loadable with {@code Class.forName}, and the types that {@code key}
 * expressions navigate ({@link KeyExpressionTypes}) open to SpEL's reflective property and method
 * access. Stateless; thread-safe.
 *
 * <p>Exception classes named in an annotation's {@code exclude} need no hint: they are class
 * literals, only compared with {@code isInstance}, never looked up or reflected on.
 */
final class CircuitBreakerAotProcessor implements BeanFactoryInitializationAotProcessor {

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        Set<Method> methods = new LinkedHashSet<>();
        Set<Class<?>> keyTypes = new LinkedHashSet<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            Class<?> type = declaredType(beanFactory, name);
            if (type != null && !type.isInterface()) {
                methods.addAll(ReflectiveMethods.of(type));
                keyTypes.addAll(KeyExpressionTypes.of(type));
            }
        }
        Environment environment = beanFactory.getBeanProvider(Environment.class).getIfUnique();
        Set<String> excludes = environment != null ? ConfiguredExcludeNames.from(environment) : Set.of();
        if (methods.isEmpty() && excludes.isEmpty()) {
            return null;
        }
        return (generationContext, code) -> {
            ReflectionHints reflection = generationContext.getRuntimeHints().reflection();
            methods.forEach(method -> reflection.registerMethod(method, ExecutableMode.INVOKE));
            excludes.forEach(className -> reflection.registerType(TypeReference.of(className)));
            // SpEL's reflective accessor lists a type's public methods and fields to find a getter,
            // a record-style accessor or a field, then invokes or reads the one it picks.
            keyTypes.forEach(type -> reflection.registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS,
                    MemberCategory.PUBLIC_FIELDS));
        };
    }

    // As the start-up check reads bean types: from the definition, without creating any bean.
    private static Class<?> declaredType(ConfigurableListableBeanFactory beanFactory, String name) {
        try {
            return beanFactory.getBeanDefinition(name).isAbstract() ? null : beanFactory.getType(name, false);
        } catch (BeansException | LinkageError unresolvable) {
            return null;
        }
    }
}
