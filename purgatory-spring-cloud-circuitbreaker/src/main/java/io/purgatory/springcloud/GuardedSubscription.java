package io.purgatory.springcloud;

import io.purgatory.CircuitBreaker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One subscription to a guarded {@code Mono} or {@code Flux}, run as one asynchronous call of Purgatory's breaker
 * ({@link CircuitBreaker#executeAsync}): the call's stage completes at the subscription's first decisive signal, so
 * the breaker records exactly one outcome, before the signal reaches the subscriber (and the fallback). Going through
 * the breaker's public asynchronous API keeps this module off its permit internals. Thread-safe: Reactive Streams
 * serialises the signals, the stages make the first one win over a racing cancellation.
 */
final class GuardedSubscription {

    private final CompletableFuture<Void> outcome = new CompletableFuture<>();
    private final boolean single;
    private CompletableFuture<Void> recorded;
    private Throwable rejection;
    private volatile boolean emitted;

    private GuardedSubscription(boolean single) {
        this.single = single;
    }

    /**
     * Asks the breaker to admit one call.
     *
     * @param single whether the source is a {@code Mono}, done at its first value
     */
    static GuardedSubscription admit(CircuitBreaker breaker, boolean single) {
        GuardedSubscription call = new GuardedSubscription(single);
        boolean[] admitted = new boolean[1];
        call.recorded = breaker.<Void>executeAsync(() -> {
            admitted[0] = true;
            return call.outcome;
        }).toCompletableFuture();
        if (!admitted[0]) {
            call.rejection = failureOf(call.recorded);
        }
        return call;
    }

    /** The exception that rejected the call (the source must not be subscribed), or {@code null} when admitted. */
    Throwable rejection() {
        return rejection;
    }

    void onNext() {
        emitted = true;
        if (single) {
            outcome.complete(null); // a Mono is done at its value, even when cancelled right after it
        }
    }

    void onComplete() {
        outcome.complete(null);
    }

    void onError(Throwable failure) {
        outcome.completeExceptionally(failure);
    }

    void onCancel() {
        if (outcome.isDone()) {
            return;
        }
        if (emitted) {
            outcome.complete(null); // take(n), next(): the stream answered, the caller had enough
            return;
        }
        // Cancelling the stage the breaker returned counts the call as neither success nor failure and frees its
        // permit (a HALF_OPEN trial slot), as the SPEC asks of a cancellation before any element. Then the source's
        // stage, which nothing reads any more.
        recorded.cancel(false);
        outcome.cancel(false);
    }

    private static Throwable failureOf(CompletableFuture<Void> rejected) {
        Throwable failure = rejected.handle((ignored, thrown) -> thrown).join();
        while ((failure instanceof CompletionException || failure instanceof ExecutionException) && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }
}
