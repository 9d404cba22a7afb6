package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitOpenException;
import java.util.function.Predicate;
import org.aopalliance.intercept.MethodInvocation;
import org.reactivestreams.Publisher;
import org.springframework.aop.ProxyMethodInvocation;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Guards methods returning a Reactor {@link Mono} or {@link Flux}. The permission is taken at
 * subscription: when the circuit is open the method is not invoked and nothing is subscribed; an
 * error signal is a failure; a cancellation after at least one element is a success, before any
 * element it frees a trial slot without counting. Each subscription
 * is one call, so a re-subscribed publisher (retry, repeat) invokes the method again. Loaded only
 * when Reactor is on the class path. Stateless; thread-safe.
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
        // The invocation object is Spring's and is reused after this advice returns: keep our own copy.
        MethodInvocation template = invocation instanceof ProxyMethodInvocation proxied ? proxied.invocableClone() : invocation;
        if (mono) {
            Mono<Object> guarded = new GuardedMono(template, breaker);
            return fallback == null ? guarded
                    : guarded.onErrorResume(recoverable(breaker, fallback), failure -> Mono.from(recover(template, fallback, failure)));
        }
        Flux<Object> guarded = new GuardedFlux(template, breaker);
        return fallback == null ? guarded
                : guarded.onErrorResume(recoverable(breaker, fallback), failure -> recover(template, fallback, failure));
    }

    /**
     * Rejections and counted failures go to the fallback; excluded exceptions, interruptions and fatal
     * errors never do. This breaker's own rejection is never an excluded exception, even when an exclude
     * entry's type covers it.
     */
    private static Predicate<Throwable> recoverable(CircuitBreaker breaker, FallbackMethod fallback) {
        return failure -> (isRejectionBy(breaker, failure) || breaker.permits().classify(failure).fallbackMayHandle())
                && fallback.handles(failure);
    }

    private static boolean isRejectionBy(CircuitBreaker breaker, Throwable failure) {
        return failure instanceof CircuitOpenException rejection && rejection.getCircuitName().equals(breaker.getName());
    }

    private static Publisher<Object> recover(MethodInvocation invocation, FallbackMethod fallback, Throwable failure) {
        try {
            return publisher(fallback.recover(invocation, failure));
        } catch (Throwable fallbackFailure) {
            return Flux.error(fallbackFailure);
        }
    }

    @SuppressWarnings("unchecked")
    static Publisher<Object> publisher(Object value) {
        return (Publisher<Object>) value;
    }

    /** A {@code Mono} method's publisher: one guarded call per subscription. */
    private static final class GuardedMono extends Mono<Object> {
        private final MethodInvocation template;
        private final CircuitBreaker breaker;

        GuardedMono(MethodInvocation template, CircuitBreaker breaker) {
            this.template = template;
            this.breaker = breaker;
        }

        @Override
        public void subscribe(CoreSubscriber<? super Object> actual) {
            GuardedSubscriber.subscribe(template, breaker, actual, true);
        }
    }

    /** A {@code Flux} method's publisher: one guarded call per subscription. */
    private static final class GuardedFlux extends Flux<Object> {
        private final MethodInvocation template;
        private final CircuitBreaker breaker;

        GuardedFlux(MethodInvocation template, CircuitBreaker breaker) {
            this.template = template;
            this.breaker = breaker;
        }

        @Override
        public void subscribe(CoreSubscriber<? super Object> actual) {
            GuardedSubscriber.subscribe(template, breaker, actual, false);
        }
    }
}
