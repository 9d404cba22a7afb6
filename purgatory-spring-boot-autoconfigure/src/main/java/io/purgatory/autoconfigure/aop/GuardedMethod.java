package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreaker;

/**
 * Everything resolved once for one guarded method on one target class: its breaker, how to run its
 * return type, and its fallback. Immutable; thread-safe.
 *
 * @param targetClass the target class this resolution is for
 * @param breaker the method's breaker, or {@code null} when a key picks it per call or the method is not guarded
 * @param call runs the method for its return type, or {@code null} when the method is not guarded
 * @param fallback the fallback, or {@code null}
 * @param key picks the breaker of each call of a keyed method, or {@code null}
 */
record GuardedMethod(Class<?> targetClass, CircuitBreaker breaker, GuardedCall call, FallbackMethod fallback, KeyExpression key) {

    /**
     * Returns the breaker of one call.
     *
     * @param invocation the call
     * @return the method's breaker, or the circuit of the call's key
     */
    CircuitBreaker breakerFor(org.aopalliance.intercept.MethodInvocation invocation) {
        return key == null ? breaker : key.breakerFor(invocation);
    }
}
