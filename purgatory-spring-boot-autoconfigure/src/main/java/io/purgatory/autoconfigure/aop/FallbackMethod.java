package io.purgatory.autoconfigure.aop;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import org.aopalliance.intercept.MethodInvocation;

/**
 * The fallback of one guarded method: candidate methods keyed by the exception type they take.
 * The candidate for the closest superclass of the thrown exception wins. Immutable; thread-safe.
 */
final class FallbackMethod {

    private final Map<Class<?>, Method> byExceptionType;
    private final boolean suspending;

    /**
     * Creates the fallback.
     *
     * @param byExceptionType the candidates by the exception type they take
     * @param suspending whether the guarded method is a Kotlin {@code suspend} function
     */
    FallbackMethod(Map<Class<?>, Method> byExceptionType, boolean suspending) {
        this.byExceptionType = Map.copyOf(byExceptionType);
        this.suspending = suspending;
        this.byExceptionType.values().forEach(method -> method.setAccessible(true));
    }

    /**
     * The candidate methods, for the AOT hints that keep them invocable in a native image.
     *
     * @return every candidate, one per exception type
     */
    Collection<Method> candidates() {
        return byExceptionType.values();
    }

    /**
     * Whether a candidate takes this exception (or one of its superclasses).
     *
     * @param failure the rejection or counted failure
     * @return {@code true} when {@link #recover} would call a fallback
     */
    boolean handles(Throwable failure) {
        return candidateFor(failure) != null;
    }

    /**
     * Calls the closest candidate on the invocation's target, or rethrows {@code failure} when none takes it.
     *
     * @param invocation the guarded call, for its target and arguments
     * @param failure the rejection or counted failure
     * @return the fallback's result; a publisher of it for a {@code suspend} fallback
     * @throws Throwable the fallback's own exception, or {@code failure} when no candidate takes it
     */
    Object recover(MethodInvocation invocation, Throwable failure) throws Throwable {
        Method candidate = candidateFor(failure);
        if (candidate == null) {
            throw failure;
        }
        Object[] original = invocation.getArguments();
        // A suspend function's last argument is its continuation, not one of the caller's values.
        int values = suspending ? original.length - 1 : original.length;
        Object[] args;
        if (KotlinFunctions.valueParameterTypes(candidate).length == 1) {
            args = new Object[] {failure};
        } else {
            args = Arrays.copyOf(original, values + 1);
            args[values] = failure;
        }
        if (suspending && KotlinFunctions.isSuspend(candidate)) {
            return KotlinFunctions.invokeSuspending(candidate, invocation.getThis(), args, original[values]);
        }
        try {
            return candidate.invoke(invocation.getThis(), args);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }

    private Method candidateFor(Throwable failure) {
        for (Class<?> type = failure.getClass(); type != null; type = type.getSuperclass()) {
            Method candidate = byExceptionType.get(type);
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }
}
