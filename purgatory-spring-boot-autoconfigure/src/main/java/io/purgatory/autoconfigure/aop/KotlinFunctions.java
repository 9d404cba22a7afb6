package io.purgatory.autoconfigure.aop;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.CoroutineContext;
import kotlin.reflect.KFunction;
import kotlin.reflect.KParameter;
import kotlin.reflect.jvm.ReflectJvmMapping;
import kotlinx.coroutines.Job;
import org.reactivestreams.Publisher;
import org.springframework.core.CoroutinesUtils;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.util.ClassUtils;

/**
 * What the advice needs to know about Kotlin functions: whether one is a {@code suspend} function (its
 * JVM form takes a hidden trailing {@code Continuation}), its parameters and result as Kotlin declares
 * them, its signature in Kotlin syntax for start-up messages, and how to call a {@code suspend}
 * fallback. Kotlin types are touched only in the nested class, loaded only when Kotlin, kotlin-reflect
 * and kotlinx-coroutines-reactor are present, so Java applications need none of them. Stateless; thread-safe.
 *
 * <p>Spring's proxies (Framework 6.1 and later) run a {@code suspend} function as a Reactor
 * {@code Mono} when kotlinx-coroutines-reactor is present: the advice chain sees that {@code Mono}
 * and the proxy awaits what the chain returns. Without that library the proxy calls the function
 * like any other and only sees its first suspension, so a guarded {@code suspend} function needs it;
 * Spring calls the function through kotlin-reflect, so it needs that too.
 */
final class KotlinFunctions {

    /** The hidden last parameter the Kotlin compiler gives every {@code suspend} function; matched by name. */
    static final String CONTINUATION = "kotlin.coroutines.Continuation";

    private static final ClassLoader LOADER = KotlinFunctions.class.getClassLoader();

    private static final boolean REACTOR_BRIDGE_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono", LOADER)
            && ClassUtils.isPresent("kotlinx.coroutines.reactor.MonoKt", LOADER);

    private static final boolean REFLECT_PRESENT = ClassUtils.isPresent("kotlin.reflect.full.KClasses", LOADER);

    private static final Class<?> FLOW = ClassUtils.isPresent("kotlinx.coroutines.flow.Flow", LOADER)
            ? ClassUtils.resolveClassName("kotlinx.coroutines.flow.Flow", LOADER) : null;

    private KotlinFunctions() {
    }

    /**
     * Whether a method is a Kotlin {@code suspend} function, recognised by its hidden last parameter.
     *
     * @param method any method
     * @return {@code true} when its last parameter is a {@code kotlin.coroutines.Continuation}
     */
    static boolean isSuspend(Method method) {
        Class<?>[] params = method.getParameterTypes();
        return params.length > 0 && params[params.length - 1].getName().equals(CONTINUATION);
    }

    /**
     * Whether a type is (or implements) kotlinx-coroutines' {@code Flow}.
     *
     * @param type a return type
     * @return {@code false} when kotlinx-coroutines is absent
     */
    static boolean isFlow(Class<?> type) {
        return FLOW != null && FLOW.isAssignableFrom(type);
    }

    /**
     * Whether Spring's proxies can run {@code suspend} functions and {@code Flow}s through a reactive advice.
     *
     * @return {@code true} when Reactor and kotlinx-coroutines-reactor are present
     */
    static boolean reactorBridgePresent() {
        return REACTOR_BRIDGE_PRESENT;
    }

    /**
     * Names the libraries a guarded {@code suspend} function needs that are missing.
     *
     * @return the Maven coordinates of what is missing, or {@code null} when nothing is
     */
    static String missingForSuspend() {
        if (REACTOR_BRIDGE_PRESENT && REFLECT_PRESENT) {
            return null;
        }
        String bridge = REACTOR_BRIDGE_PRESENT ? null : "org.jetbrains.kotlinx:kotlinx-coroutines-reactor";
        String reflect = REFLECT_PRESENT ? null : "org.jetbrains.kotlin:kotlin-reflect";
        return bridge == null ? reflect : reflect == null ? bridge : bridge + " and " + reflect;
    }

    /**
     * Returns the parameters as the Kotlin source declares them: without a {@code suspend} function's continuation.
     *
     * @param method any method
     * @return its parameter types, the hidden continuation left out
     */
    static Class<?>[] valueParameterTypes(Method method) {
        Class<?>[] params = method.getParameterTypes();
        return isSuspend(method) ? Arrays.copyOf(params, params.length - 1) : params;
    }

    /**
     * Returns the result type as the Kotlin source declares it: a {@code suspend} function's JVM return
     * type is {@code Object}, its declared one is read through kotlin-reflect ({@code Unit} is {@code void}).
     *
     * @param method any method
     * @return its declared result type
     */
    static Class<?> returnType(Method method) {
        if (isSuspend(method) && REFLECT_PRESENT && KotlinDetector.isKotlinType(method.getDeclaringClass())) {
            return new MethodParameter(method, -1).getParameterType();
        }
        return method.getReturnType();
    }

    /**
     * Describes a method of a Kotlin class as Kotlin declares it, e.g. {@code suspend fun quote(id: String): Quote}.
     *
     * @param method any method
     * @return the Kotlin signature, or {@code null} for a Java method or without kotlin-reflect
     */
    static Signature kotlinSignature(Method method) {
        if (!REFLECT_PRESENT || !KotlinDetector.isKotlinType(method.getDeclaringClass())) {
            return null;
        }
        return Reflected.signature(method);
    }

    /**
     * Calls a {@code suspend} fallback in the caller's coroutine context (its dispatcher and context
     * elements, not its job: the returned publisher's subscription is the call's lifetime).
     *
     * @param fallback the {@code suspend} fallback
     * @param target the bean
     * @param args the fallback's arguments, without a continuation
     * @param callerContinuation the guarded call's continuation
     * @return the fallback's result, run when subscribed
     */
    static Publisher<?> invokeSuspending(Method fallback, Object target, Object[] args, Object callerContinuation) {
        return Reflected.invokeSuspending(fallback, target, args, callerContinuation);
    }

    /** The only code that touches Kotlin types; loaded on first use, after the presence checks above. */
    private static final class Reflected {

        static Signature signature(Method method) {
            KFunction<?> function = ReflectJvmMapping.getKotlinFunction(method);
            if (function == null) {
                return null;
            }
            String params = function.getParameters().stream()
                    .filter(parameter -> parameter.getKind() == KParameter.Kind.VALUE)
                    .map(parameter -> parameter.getName() + ": " + simpleNames(parameter.getType().toString()))
                    .collect(Collectors.joining(", "));
            return new Signature(function.isSuspend(), method.getName(), params,
                    simpleNames(function.getReturnType().toString()));
        }

        static Publisher<?> invokeSuspending(Method fallback, Object target, Object[] args, Object callerContinuation) {
            CoroutineContext context = ((Continuation<?>) callerContinuation).getContext().minusKey(Job.Key);
            return CoroutinesUtils.invokeSuspendingFunction(context, fallback, target, args);
        }
    }

    /** {@code kotlin.collections.List<kotlin.String>} to {@code List<String>}. */
    private static String simpleNames(String typeName) {
        return typeName.replaceAll("[\\w.]+\\.(\\w+)", "$1");
    }

    /**
     * A Kotlin function's signature as its source declares it, types without their packages.
     *
     * @param suspend whether it is a {@code suspend} function
     * @param name its name
     * @param params its value parameters, {@code name: Type} separated by commas
     * @param result its result type, {@code Unit} included
     */
    record Signature(boolean suspend, String name, String params, String result) {

        /**
         * Renders a function of this shape: {@code suspend fun name(params): Result}, without {@code : Unit}.
         *
         * @param asSuspend whether to render it as a {@code suspend} function
         * @param otherName the name to render
         * @param otherParams the parameters to render
         * @return the Kotlin declaration
         */
        String render(boolean asSuspend, String otherName, String otherParams) {
            return (asSuspend ? "suspend fun " : "fun ") + otherName + "(" + otherParams + ")"
                    + (result.equals("Unit") ? "" : ": " + result);
        }

        @Override
        public String toString() {
            return render(suspend, name, params);
        }
    }
}
