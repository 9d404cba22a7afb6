package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitOpenException;
import java.util.concurrent.CancellationException;
import java.util.function.Predicate;
import org.aopalliance.intercept.MethodInvocation;
import org.reactivestreams.Publisher;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.core.ReactiveAdapter;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Guards methods returning a Reactor {@link Mono} or {@link Flux}, and the Kotlin ones Spring runs
 * through Reactor: {@code suspend} functions and functions returning a {@code Flow}. The permission is
 * taken at subscription: when the circuit is open the method is not invoked and nothing is subscribed; an
 * error signal is a failure; a cancellation after at least one element is a success, before any
 * element it frees a trial slot without counting. Each subscription
 * is one call, so a re-subscribed publisher (retry, repeat) invokes the method again. Loaded only
 * when Reactor is on the class path. Stateless; thread-safe.
 *
 * <p>Kotlin: Spring's proxy runs a {@code suspend} function as a {@code Mono}, subscribes to what the
 * advice returns when the function is called and cancels it when the calling coroutine is cancelled,
 * so a {@code suspend} function is a {@code Mono} taken at its call. A {@code Flow} is converted to a
 * {@code Flux} and back, so it is taken at collection. For both, a {@code CancellationException}
 * (the coroutine's own, or a {@code withTimeout} inside it) is a cancellation, counted as neither and
 * never given to the fallback, and a fallback may return the plain value or be a {@code suspend} function.
 */
final class ReactorCall implements GuardedCall {

    static final ReactorCall MONO = new ReactorCall(true, false, null);
    static final ReactorCall FLUX = new ReactorCall(false, false, null);
    static final ReactorCall SUSPEND = new ReactorCall(true, true, null);

    private final boolean single;
    private final boolean coroutine;
    private final ReactiveAdapter flow;

    private ReactorCall(boolean single, boolean coroutine, ReactiveAdapter flow) {
        this.single = single;
        this.coroutine = coroutine;
        this.flow = flow;
    }

    /**
     * Guards functions returning a Kotlin {@code Flow}.
     *
     * @param flow Spring's adapter between {@code Flow} and Reactive Streams
     * @return the call
     */
    static ReactorCall flow(ReactiveAdapter flow) {
        return new ReactorCall(false, true, flow);
    }

    @Override
    public Object invoke(MethodInvocation invocation, CircuitBreaker breaker, FallbackMethod fallback) {
        // The invocation object is Spring's and is reused after this advice returns: keep our own copy.
        MethodInvocation template = invocation instanceof ProxyMethodInvocation proxied ? proxied.invocableClone() : invocation;
        if (single) {
            Mono<Object> guarded = new GuardedMono(template, breaker, this);
            return fallback == null ? guarded
                    : guarded.onErrorResume(recoverable(breaker, fallback), failure -> Mono.from(recover(template, fallback, failure)));
        }
        Flux<Object> guarded = new GuardedFlux(template, breaker, this);
        Flux<Object> recovered = fallback == null ? guarded
                : guarded.onErrorResume(recoverable(breaker, fallback), failure -> recover(template, fallback, failure));
        return flow == null ? recovered : flow.fromPublisher(recovered);
    }

    /** Whether one value ends the call ({@code Mono}, {@code suspend}) rather than completion. */
    boolean single() {
        return single;
    }

    /** Whether an error signal is a coroutine's cancellation: neither success nor failure. */
    boolean isCancellation(Throwable failure) {
        return coroutine && failure instanceof CancellationException;
    }

    /**
     * Returns what the method or its fallback returned as a publisher: a {@code Flow} converted, a plain
     * fallback value of a {@code suspend} function wrapped.
     */
    @SuppressWarnings("unchecked")
    Publisher<Object> publisherOf(Object value) {
        if (value instanceof Publisher<?> publisher) {
            return (Publisher<Object>) publisher;
        }
        if (flow != null && value != null) {
            return (Publisher<Object>) flow.toPublisher(value);
        }
        return coroutine ? Mono.justOrEmpty(value) : (Publisher<Object>) value;
    }

    /**
     * Rejections and counted failures go to the fallback; excluded exceptions, interruptions and fatal
     * errors never do. This breaker's own rejection is never an excluded exception, even when an exclude
     * entry's type covers it.
     */
    private Predicate<Throwable> recoverable(CircuitBreaker breaker, FallbackMethod fallback) {
        return failure -> (isRejectionBy(breaker, failure)
                || !isCancellation(failure) && breaker.permits().classify(failure).fallbackMayHandle())
                && fallback.handles(failure);
    }

    private static boolean isRejectionBy(CircuitBreaker breaker, Throwable failure) {
        return failure instanceof CircuitOpenException rejection && rejection.getCircuitName().equals(breaker.getName());
    }

    private Publisher<Object> recover(MethodInvocation invocation, FallbackMethod fallback, Throwable failure) {
        try {
            return publisherOf(fallback.recover(invocation, failure));
        } catch (Throwable fallbackFailure) {
            return Flux.error(fallbackFailure);
        }
    }

    /** A {@code Mono} method's publisher: one guarded call per subscription. */
    private static final class GuardedMono extends Mono<Object> {
        private final MethodInvocation template;
        private final CircuitBreaker breaker;
        private final ReactorCall call;

        GuardedMono(MethodInvocation template, CircuitBreaker breaker, ReactorCall call) {
            this.template = template;
            this.breaker = breaker;
            this.call = call;
        }

        @Override
        public void subscribe(CoreSubscriber<? super Object> actual) {
            GuardedSubscriber.subscribe(template, breaker, actual, call);
        }
    }

    /** A {@code Flux} method's publisher: one guarded call per subscription. */
    private static final class GuardedFlux extends Flux<Object> {
        private final MethodInvocation template;
        private final CircuitBreaker breaker;
        private final ReactorCall call;

        GuardedFlux(MethodInvocation template, CircuitBreaker breaker, ReactorCall call) {
            this.template = template;
            this.breaker = breaker;
            this.call = call;
        }

        @Override
        public void subscribe(CoreSubscriber<? super Object> actual) {
            GuardedSubscriber.subscribe(template, breaker, actual, call);
        }
    }
}
