package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreaker;
import org.aopalliance.intercept.MethodInvocation;

/**
 * Runs one guarded method invocation through its breaker, for one kind of return type.
 * Implementations are stateless and thread-safe.
 */
interface GuardedCall {

    /**
     * Runs the invocation if the breaker lets it, records its outcome, and applies the fallback.
     *
     * @param invocation the intercepted call
     * @param breaker the method's breaker
     * @param fallback the method's fallback, or {@code null}
     * @return what the caller receives
     * @throws Throwable the method's own exception, unchanged, or the rejection
     */
    Object invoke(MethodInvocation invocation, CircuitBreaker breaker, FallbackMethod fallback) throws Throwable;
}
