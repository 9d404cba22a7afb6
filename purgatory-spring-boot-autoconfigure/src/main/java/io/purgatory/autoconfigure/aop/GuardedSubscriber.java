package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitPermits;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.aopalliance.intercept.MethodInvocation;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.interceptor.ExposeInvocationInterceptor;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * One subscription to a guarded {@code Mono} or {@code Flux} method: sits between the method's
 * publisher and the subscriber and records the call's outcome exactly once, whichever signal comes
 * first (a {@code Mono}'s first value or completion, a {@code Flux}'s completion, an error, or a
 * cancellation: a success once an element went through, as with {@code take(1)} or {@code next()},
 * otherwise it frees the permit without counting; so does a Kotlin coroutine's {@code CancellationException}).
 * A single operator instead of a chain of
 * {@code doOn…} peeks keeps a guarded subscription to one extra object. Thread-safe as Reactive
 * Streams requires (signals are serialised; cancellation may race them).
 */
final class GuardedSubscriber implements CoreSubscriber<Object>, Subscription {

    private static final AtomicIntegerFieldUpdater<GuardedSubscriber> DONE =
            AtomicIntegerFieldUpdater.newUpdater(GuardedSubscriber.class, "done");

    private final CoreSubscriber<? super Object> actual;
    private final CircuitBreaker breaker;
    private final long permit;
    private final long start;
    private final ReactorCall call;
    private Subscription upstream;
    private volatile int done;
    private volatile boolean emitted;

    private GuardedSubscriber(CoreSubscriber<? super Object> actual, CircuitBreaker breaker, long permit, long start,
            ReactorCall call) {
        this.actual = actual;
        this.breaker = breaker;
        this.permit = permit;
        this.start = start;
        this.call = call;
    }

    /**
     * Takes the permit, then invokes the method and subscribes to what it returns; a rejection is an
     * error signal and the method is not invoked.
     */
    static void subscribe(MethodInvocation template, CircuitBreaker breaker, CoreSubscriber<? super Object> actual,
            ReactorCall call) {
        CircuitPermits permits = breaker.permits();
        long permit = permits.tryAcquire();
        if (permit == CircuitPermits.REJECTED) {
            Operators.error(actual, permits.openException());
            return;
        }
        long start = permits.callStart();
        Publisher<Object> source;
        try {
            MethodInvocation invocation = template instanceof ProxyMethodInvocation proxied ? proxied.invocableClone() : template;
            // The rest of the chain runs here, at subscription, after the proxy call has returned and its
            // ExposeInvocationInterceptor has cleared the current invocation: expose ours again, or a user's
            // AspectJ advice ordered inside this one fails with "No MethodInvocation found".
            source = call.publisherOf(ExposeInvocationInterceptor.INSTANCE.invoke(invocation));
        } catch (Throwable failure) {
            record(breaker, permit, start, call, failure);
            Operators.error(actual, failure);
            return;
        }
        if (source == null) {
            permits.onSuccess(permit, start);
            Operators.complete(actual);
            return;
        }
        source.subscribe(new GuardedSubscriber(actual, breaker, permit, start, call));
    }

    private static void record(CircuitBreaker breaker, long permit, long start, ReactorCall call, Throwable failure) {
        if (call.isCancellation(failure)) {
            breaker.permits().release(permit); // a cancelled coroutine says nothing about the dependency
        } else {
            breaker.permits().onError(permit, start, failure);
        }
    }

    private boolean finish() {
        return DONE.compareAndSet(this, 0, 1);
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        if (Operators.validate(upstream, subscription)) {
            upstream = subscription;
            actual.onSubscribe(this);
        }
    }

    @Override
    public void onNext(Object value) {
        if (call.single()) {
            if (finish()) {
                breaker.permits().onSuccess(permit, start); // a Mono is done at its value, even if cancelled right after it
            }
        } else if (!emitted) {
            emitted = true; // before the value goes on: take(1) and next() cancel from inside actual.onNext
        }
        actual.onNext(value);
    }

    @Override
    public void onError(Throwable failure) {
        if (finish()) {
            record(breaker, permit, start, call, failure);
        }
        actual.onError(failure);
    }

    @Override
    public void onComplete() {
        if (finish()) {
            breaker.permits().onSuccess(permit, start);
        }
        actual.onComplete();
    }

    @Override
    public void request(long n) {
        upstream.request(n);
    }

    @Override
    public void cancel() {
        if (finish()) {
            // The dependency answered: a subscriber that stops after some elements is not an outage.
            if (emitted) {
                breaker.permits().onSuccess(permit, start);
            } else {
                breaker.permits().release(permit);
            }
        }
        upstream.cancel();
    }

    @Override
    public Context currentContext() {
        return actual.currentContext();
    }
}
