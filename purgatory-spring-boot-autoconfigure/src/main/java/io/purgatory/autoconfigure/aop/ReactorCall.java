package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreaker;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ProxyMethodInvocation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Guards methods returning a Reactor {@link Mono} or {@link Flux}. The permission is taken at
 * subscription: when the circuit is open the method is not invoked and nothing is subscribed; an
 * error signal is a failure; a cancellation frees a trial slot without counting. Loaded only when
 * Reactor is on the class path. Stateless; thread-safe.
 */
final class ReactorCall implements GuardedCall {

    static final ReactorCall MONO = new ReactorCall(true);
    static final ReactorCall FLUX = new ReactorCall(false);

    private final boolean mono;

    private ReactorCall(boolean mono) {
        this.mono = mono;
    }

    @Override
    public Object invoke(MethodInvocation invocation, CircuitBreaker breaker, FallbackMethod fallback) {
        // A clone per subscription lets a re-subscribed publisher (retry, repeat) invoke the method again.
        MethodInvocation template = invocation instanceof ProxyMethodInvocation proxied ? proxied.invocableClone() : invocation;
        if (mono) {
            return Mono.defer(() -> subscribe(template, breaker, fallback, true).next());
        }
        return Flux.defer(() -> subscribe(template, breaker, fallback, false));
    }

    private Flux<Object> subscribe(MethodInvocation template, CircuitBreaker breaker, FallbackMethod fallback, boolean single) {
        MethodInvocation invocation = template instanceof ProxyMethodInvocation proxied ? proxied.invocableClone() : template;
        long permit = breaker.tryAcquirePermission();
        if (permit == CircuitBreaker.REJECTED) {
            return recover(invocation, fallback, breaker.openException());
        }
        long start = breaker.callStart();
        Object publisher;
        try {
            publisher = invocation.proceed();
        } catch (Throwable failure) {
            boolean counted = breaker.onError(permit, start, failure);
            return counted ? recover(invocation, fallback, failure) : Flux.error(failure);
        }
        if (publisher == null) {
            breaker.onSuccess(permit, start);
            return Flux.empty();
        }
        Outcome outcome = new Outcome(breaker, permit, start);
        Flux<Object> source = single ? Mono.from(asPublisher(publisher)).flux() : Flux.from(asPublisher(publisher));
        Flux<Object> guarded = source
                .doOnComplete(outcome::success)
                .doOnError(outcome::failure)
                .doOnCancel(outcome::cancel);
        if (single) {
            // A Mono is done at its first value: a cancellation right after it (Mono.next) is not a failure.
            guarded = guarded.doOnNext(value -> outcome.success());
        }
        if (fallback == null) {
            return guarded;
        }
        return guarded.onErrorResume(failure -> !breaker.isExcluded(failure) && fallback.handles(failure),
                failure -> recover(invocation, fallback, failure));
    }

    private static Flux<Object> recover(MethodInvocation invocation, FallbackMethod fallback, Throwable failure) {
        if (fallback == null) {
            return Flux.error(failure);
        }
        try {
            return Flux.from(asPublisher(fallback.recover(invocation, failure)));
        } catch (Throwable fallbackFailure) {
            return Flux.error(fallbackFailure);
        }
    }

    @SuppressWarnings("unchecked")
    private static org.reactivestreams.Publisher<Object> asPublisher(Object value) {
        return (org.reactivestreams.Publisher<Object>) value;
    }

    /** Records one subscription's outcome exactly once, whichever signal comes first. Thread-safe. */
    private static final class Outcome {
        private final CircuitBreaker breaker;
        private final long permit;
        private final long start;
        private final AtomicBoolean done = new AtomicBoolean();

        Outcome(CircuitBreaker breaker, long permit, long start) {
            this.breaker = breaker;
            this.permit = permit;
            this.start = start;
        }

        void success() {
            if (done.compareAndSet(false, true)) {
                breaker.onSuccess(permit, start);
            }
        }

        void failure(Throwable failure) {
            if (done.compareAndSet(false, true)) {
                breaker.onError(permit, start, failure);
            }
        }

        void cancel() {
            if (done.compareAndSet(false, true)) {
                breaker.releasePermission(permit);
            }
        }
    }
}
