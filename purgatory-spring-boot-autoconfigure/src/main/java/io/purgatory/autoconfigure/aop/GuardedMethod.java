package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreaker;

/**
 * Everything resolved once for one guarded method on one target class: its breaker, how to run its
 * return type, and its fallback. Immutable; thread-safe.
 *
 * @param targetClass the target class this resolution is for
 * @param breaker the method's breaker
 * @param call runs the method for its return type
 * @param fallback the fallback, or {@code null}
 */
record GuardedMethod(Class<?> targetClass, CircuitBreaker breaker, GuardedCall call, FallbackMethod fallback) {
}
