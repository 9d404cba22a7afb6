package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitPermits;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.aopalliance.intercept.MethodInvocation;

/**
 * Guards methods returning a {@link CompletionStage} or {@link CompletableFuture}: failure is an
 * exceptional completion, rejection an exceptionally completed future, and the method is not
 * invoked when the circuit is open. Stateless; thread-safe.
 */
final class CompletionStageCall implements GuardedCall {

    static final CompletionStageCall INSTANCE = new CompletionStageCall();

    @Override
    public Object invoke(MethodInvocation invocation, CircuitBreaker breaker, FallbackMethod fallback) throws Throwable {
        CircuitPermits permits = breaker.permits(); // read once: each read is a field load on the call path
        long permit = permits.tryAcquire();
        if (permit == CircuitPermits.REJECTED) {
            // Whatever happens, the caller gets a stage: never a rejection or a fallback's error thrown at it.
            Throwable rejection = permits.openException();
            if (fallback == null || !fallback.handles(rejection)) {
                return CompletableFuture.failedFuture(rejection);
            }
            try {
                return fallback.recover(invocation, rejection);
            } catch (Throwable fallbackFailure) {
                return CompletableFuture.failedFuture(fallbackFailure);
            }
        }
        long start = permits.callStart();
        CompletionStage<Object> stage;
        try {
            stage = stageOf(invocation.proceed());
        } catch (Throwable failure) {
            // The method threw before returning a stage: that is its own behaviour, so it is rethrown as is.
            if (permits.onError(permit, start, failure) && fallback != null) {
                return fallback.recover(invocation, failure);
            }
            throw failure;
        }
        if (stage == null) {
            permits.onSuccess(permit, start);
            return null;
        }
        CompletionStage<Object> recorded = stage.whenComplete((result, failure) -> {
            if (failure == null) {
                permits.onSuccess(permit, start);
            } else {
                permits.onError(permit, start, CircuitPermits.unwrap(failure));
            }
        });
        if (fallback == null) {
            return recorded;
        }
        return recorded.exceptionallyCompose(failure -> {
            Throwable cause = CircuitPermits.unwrap(failure);
            // Excluded exceptions, interruptions and fatal errors never go to a fallback.
            if (!permits.classify(cause).fallbackMayHandle() || !fallback.handles(cause)) {
                return CompletableFuture.failedFuture(failure);
            }
            try {
                return stageOf(fallback.recover(invocation, cause));
            } catch (Throwable fallbackFailure) {
                return CompletableFuture.failedFuture(fallbackFailure);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> stageOf(Object value) {
        return (CompletionStage<Object>) value;
    }
}
