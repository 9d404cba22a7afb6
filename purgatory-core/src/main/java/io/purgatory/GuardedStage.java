package io.purgatory;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reports the outcome of one asynchronous call exactly once: whichever comes first of the body's
 * stage completing and the stage returned to the caller being completed or cancelled from outside.
 * Thread-safe.
 */
final class GuardedStage extends AtomicBoolean {

    private final transient CircuitBreaker breaker;
    private final long permit;
    private final long start;

    private GuardedStage(CircuitBreaker breaker, long permit, long start) {
        this.breaker = breaker;
        this.permit = permit;
        this.start = start;
    }

    /**
     * Returns the stage the caller gets for a call admitted with {@code permit}.
     *
     * @param breaker the breaker that admitted the call
     * @param permit the call's permit
     * @param start the call's start
     * @param stage the body's stage
     * @param <T> the result type
     * @return a future that completes like the body's stage, after its outcome was recorded
     */
    static <T> CompletableFuture<T> guard(CircuitBreaker breaker, long permit, long start, CompletionStage<T> stage) {
        GuardedStage once = new GuardedStage(breaker, permit, start);
        CompletableFuture<T> result = new CompletableFuture<>();
        // Registered first, so that a caller's cancel() before the body completes is seen.
        result.whenComplete((value, failure) -> once.external(failure));
        stage.whenComplete((value, failure) -> {
            if (once.compareAndSet(false, true)) {
                if (failure == null) {
                    breaker.onSuccess(permit, start);
                } else {
                    breaker.onError(permit, start, CircuitPermits.unwrap(failure));
                }
            }
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
        });
        return result;
    }

    /** The caller's stage completed; when that came first, it decides (a cancellation counts as neither). */
    private void external(Throwable failure) {
        if (!compareAndSet(false, true)) {
            return; // the body's outcome was recorded already
        }
        if (failure instanceof CancellationException) {
            breaker.releasePermission(permit);
        } else if (failure != null) {
            breaker.onError(permit, start, CircuitPermits.unwrap(failure));
        } else {
            breaker.onSuccess(permit, start);
        }
    }
}
