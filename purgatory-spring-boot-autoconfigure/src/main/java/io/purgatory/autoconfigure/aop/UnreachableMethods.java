package io.purgatory.autoconfigure.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Tells why a Spring proxy can never run the advice of an annotated method: {@code private},
 * {@code static} and {@code final} methods are not intercepted, and without kotlinx-coroutines-reactor
 * a Kotlin {@code suspend} function returns at its first suspension, long before its result (see
 * {@link KotlinFunctions}). Stateless; thread-safe.
 */
final class UnreachableMethods {

    private static final String PROXY_FIX = "a public, non-final instance method called through the bean (from another "
            + "bean, not from the same object); or leave it as it is and guard its body with the programmatic API, "
            + "CircuitBreakerFactory.getBreaker(name).get(...)";

    private static final String SUSPEND_FLOW_FIX = "a function returning Flow<T> without suspend (a Flow runs when it "
            + "is collected, where the advice takes the permission), or a suspend function returning List<T>";

    private UnreachableMethods() {
    }

    /**
     * Checks one guarded method.
     *
     * @param type the bean class
     * @param method a method the annotation applies to
     * @param fromClass whether the annotation is the class's rather than the method's own
     * @return why the advice cannot guard it, or {@code null} when it can
     */
    static Reason check(Class<?> type, Method method, boolean fromClass) {
        int modifiers = method.getModifiers();
        if (Modifier.isPrivate(modifiers)) {
            return new Reason("private: a Spring proxy cannot intercept it, so the breaker never runs", PROXY_FIX, false);
        }
        if (Modifier.isStatic(modifiers)) {
            return new Reason("static: a Spring proxy cannot intercept it, so the breaker never runs", PROXY_FIX, false);
        }
        Reason kotlin = kotlinReason(method);
        if (kotlin != null) {
            return kotlin;
        }
        if (Modifier.isFinal(modifiers)) {
            // Through an interface, a JDK proxy calls the final method like any other: only then does it work.
            if (implementsInterfaceMethod(type, method)) {
                return new Reason("is final: only an interface-based (JDK) proxy reaches it "
                        + "(spring.aop.proxy-target-class=false); a class-based proxy, Spring Boot's default, calls it "
                        + "unguarded", "remove final", true);
            }
            // A class annotation covers every public method, inherited final ones of a base class the user
            // does not own too: a warning, not a start that cannot be fixed without changing that class.
            return fromClass
                    ? new Reason("is final: a class-based (CGLIB) proxy cannot override it, so the class-level "
                            + "@CircuitBreaker does not guard it", "remove final, or annotate the methods to guard", true)
                    : new Reason("final: a class-based (CGLIB) proxy cannot override it, so the breaker never runs",
                            PROXY_FIX, false);
        }
        return null;
    }

    private static Reason kotlinReason(Method method) {
        if (KotlinFunctions.isSuspend(method)) {
            String missing = KotlinFunctions.missingForSuspend();
            if (missing != null) {
                return new Reason("a Kotlin suspend function, which Spring's proxies run to its result only with " + missing
                        + " on the class path: without it the advice would see the coroutine suspend, not its result",
                        "add " + missing + " to the application's dependencies", false);
            }
            if (KotlinFunctions.isFlow(KotlinFunctions.returnType(method))) {
                return new Reason("a suspend function returning a Flow: the advice would guard the call that builds the "
                        + "Flow, not its collection", SUSPEND_FLOW_FIX, false);
            }
        } else if (KotlinFunctions.isFlow(method.getReturnType()) && !KotlinFunctions.reactorBridgePresent()) {
            return new Reason("returns a Kotlin Flow, which the advice follows to its end only with "
                    + "org.jetbrains.kotlinx:kotlinx-coroutines-reactor on the class path",
                    "add org.jetbrains.kotlinx:kotlinx-coroutines-reactor to the application's dependencies", false);
        }
        return null;
    }

    private static boolean implementsInterfaceMethod(Class<?> type, Method method) {
        return ClassUtils.getAllInterfacesForClassAsSet(type).stream()
                .anyMatch(api -> ReflectionUtils.findMethod(api, method.getName(), method.getParameterTypes()) != null);
    }

    /**
     * Why a method cannot be guarded.
     *
     * @param problem what is wrong, for the start-up failure or the warning
     * @param fix what would work
     * @param warningOnly {@code true} when some proxies still guard it: logged, the start goes on
     */
    record Reason(String problem, String fix, boolean warningOnly) {
    }
}
