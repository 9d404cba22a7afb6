package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitPermits;
import org.aopalliance.intercept.MethodInvocation;

/**
 * Guards methods returning a plain value or {@code void}: failure is a thrown exception, rejection
 * a thrown {@link io.purgatory.CircuitOpenException}. Allocates nothing while the circuit is closed.
 * Stateless; thread-safe.
 */
final class SyncCall implements GuardedCall {

    static final SyncCall INSTANCE = new SyncCall();

    @Override
    public Object invoke(MethodInvocation invocation, CircuitBreaker breaker, FallbackMethod fallback) throws Throwable {
        CircuitPermits permits = breaker.permits(); // read once: each read is a field load on the call path
        long permit = permits.tryAcquire();
        if (permit == CircuitPermits.REJECTED) {
            Throwable rejection = permits.openException();
            if (fallback != null) {
                return fallback.recover(invocation, rejection);
            }
            throw rejection;
        }
        long start = permits.callStart();
        Object result;
        try {
            result = invocation.proceed();
        } catch (Throwable failure) {
            if (permits.onError(permit, start, failure) && fallback != null) {
                return fallback.recover(invocation, failure);
            }
            throw failure;
        }
        permits.onSuccess(permit, start);
        return result;
    }
}
