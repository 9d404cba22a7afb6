package io.purgatory.autoconfigure.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds and checks the fallback of a guarded method: same class (or a superclass), the guarded
 * method's parameters plus one trailing {@link Throwable} subtype, or only that parameter, and a
 * compatible return type (the same wrapper type for asynchronous and reactive methods). Stateless; thread-safe.
 *
 * <p>Kotlin: parameters and results are compared as the Kotlin source declares them. The fallback of a
 * {@code suspend} function may be a {@code suspend} function or a plain one returning the value;
 * problems are reported with Kotlin signatures.
 */
final class FallbackResolver {

    private FallbackResolver() {
    }

    /**
     * Resolves the fallback named {@code name} for {@code guarded}.
     *
     * @param targetClass the class that declares or inherits the guarded method
     * @param guarded the guarded method
     * @param name the fallback method's name
     * @return the fallback
     * @throws InvalidFallbackException describing what is wrong and what signature was expected
     */
    static FallbackMethod resolve(Class<?> targetClass, Method guarded, String name) {
        List<Method> named = new ArrayList<>();
        ReflectionUtils.doWithMethods(targetClass, named::add,
                m -> m.getName().equals(name) && !m.isBridge() && !m.isSynthetic() && !Modifier.isStatic(m.getModifiers()));
        if (named.isEmpty()) {
            throw new InvalidFallbackException("no method named '" + name + "' in " + targetClass.getName(), expected(guarded, name));
        }
        Map<Class<?>, Method> byType = new HashMap<>();
        List<String> rejected = new ArrayList<>();
        boolean suspending = KotlinFunctions.isSuspend(guarded);
        for (Method candidate : named) {
            if (KotlinFunctions.isSuspend(candidate) && !suspending) {
                rejected.add(signature(candidate) + " is a suspend function, which only a suspend function's fallback may be");
                continue;
            }
            Class<?> exceptionType = exceptionParameter(guarded, candidate);
            if (exceptionType == null) {
                rejected.add(signature(candidate) + " has the wrong parameters");
                continue;
            }
            if (!returnTypeFits(guarded, candidate)) {
                rejected.add(signature(candidate) + " returns " + resultName(candidate) + ", not a " + resultName(guarded));
                continue;
            }
            Method clash = byType.put(exceptionType, candidate);
            if (clash != null && !overrides(clash, candidate)) {
                throw new InvalidFallbackException("two fallback methods take " + exceptionType.getSimpleName() + ": "
                        + signature(clash) + " and " + signature(candidate), expected(guarded, name));
            }
        }
        if (byType.isEmpty()) {
            throw new InvalidFallbackException("no method named '" + name + "' fits: " + String.join("; ", rejected),
                    expected(guarded, name));
        }
        return new FallbackMethod(byType, suspending);
    }

    /** Returns the exception type the candidate takes, or {@code null} when its parameters do not fit. */
    private static Class<?> exceptionParameter(Method guarded, Method candidate) {
        Class<?>[] params = KotlinFunctions.valueParameterTypes(candidate);
        if (params.length == 0 || !Throwable.class.isAssignableFrom(params[params.length - 1])) {
            return null;
        }
        if (params.length == 1) {
            return params[0];
        }
        Class<?>[] leading = Arrays.copyOf(params, params.length - 1);
        return Arrays.equals(leading, KotlinFunctions.valueParameterTypes(guarded)) ? params[params.length - 1] : null;
    }

    private static boolean returnTypeFits(Method guarded, Method candidate) {
        Class<?> expected = KotlinFunctions.returnType(guarded);
        Class<?> actual = KotlinFunctions.returnType(candidate);
        if (expected == void.class) {
            return actual == void.class;
        }
        if (CompletionStage.class.isAssignableFrom(expected) || ReturnTypes.isReactive(expected)) {
            return expected.isAssignableFrom(actual);
        }
        return ClassUtils.isAssignable(expected, actual);
    }

    /** A subclass re-declaring its superclass's fallback is one fallback, not two. */
    private static boolean overrides(Method one, Method other) {
        return Arrays.equals(one.getParameterTypes(), other.getParameterTypes());
    }

    private static String resultName(Method method) {
        KotlinFunctions.Signature kotlin = KotlinFunctions.kotlinSignature(method);
        return kotlin != null ? kotlin.result() : method.getReturnType().getSimpleName();
    }

    private static String expected(Method guarded, String name) {
        KotlinFunctions.Signature kotlin = KotlinFunctions.kotlinSignature(guarded);
        if (kotlin != null) {
            return expectedInKotlin(kotlin, name);
        }
        String result = guarded.getGenericReturnType().getTypeName().replaceAll("[\\w.]+\\.(\\w+)", "$1");
        String params = Arrays.stream(guarded.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "));
        String shortForm = result + " " + name + "(Throwable e)";
        String fullForm = params.isEmpty() ? "" : result + " " + name + "(" + params + ", Throwable e) or ";
        return fullForm + shortForm + ", where Throwable may be any subtype such as CircuitOpenException";
    }

    /** The same forms in Kotlin syntax: {@code suspend fun later(id: String, e: Throwable): Quote}. */
    private static String expectedInKotlin(KotlinFunctions.Signature guarded, String name) {
        String shortForm = guarded.render(guarded.suspend(), name, "e: Throwable");
        String fullForm = guarded.params().isEmpty() ? ""
                : guarded.render(guarded.suspend(), name, guarded.params() + ", e: Throwable") + " or ";
        return fullForm + shortForm + (guarded.suspend() ? " (suspend or not)" : "")
                + ", where Throwable may be any subtype such as CircuitOpenException";
    }

    private static String signature(Method method) {
        KotlinFunctions.Signature kotlin = KotlinFunctions.kotlinSignature(method);
        if (kotlin != null) {
            return kotlin.toString();
        }
        return method.getReturnType().getSimpleName() + " " + method.getName() + "("
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
    }

    /** A fallback that cannot be used, with the signature that would have fitted. */
    static final class InvalidFallbackException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String expected;

        InvalidFallbackException(String problem, String expected) {
            super(problem);
            this.expected = expected;
        }

        String expected() {
            return expected;
        }
    }
}
