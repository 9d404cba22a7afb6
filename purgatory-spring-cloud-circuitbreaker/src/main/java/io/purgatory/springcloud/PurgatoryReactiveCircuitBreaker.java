package io.purgatory.springcloud;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitOpenException;
import java.util.function.Function;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A Spring Cloud reactive circuit breaker on one Purgatory breaker. Each subscription is one call, admitted when it
 * subscribes: when the circuit is open the source is not subscribed and the fallback receives the
 * {@link CircuitOpenException}. An error signal is the call's failure (or success, when excluded); a {@code Mono}'s
 * value or a completion is a success; a cancellation after an element is a success, as for a {@code @CircuitBreaker}
 * method returning {@code Mono} or {@code Flux}; a cancellation before any element ends the call as the breaker
 * classifies a cancelled asynchronous call, so it never keeps a trial slot. The fallback
 * receives every error, as with Spring Cloud's other implementations. Thread-safe.
 */
final class PurgatoryReactiveCircuitBreaker implements ReactiveCircuitBreaker {

    private final CircuitBreaker breaker;

    PurgatoryReactiveCircuitBreaker(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    @Override
    public <T> Mono<T> run(Mono<T> toRun, Function<Throwable, Mono<T>> fallback) {
        Mono<T> guarded = Mono.defer(() -> {
            GuardedSubscription call = GuardedSubscription.admit(breaker, true);
            if (call.rejection() != null) {
                return Mono.error(call.rejection());
            }
            return toRun.doOnNext(value -> call.onNext())
                    .doOnSuccess(value -> call.onComplete())
                    .doOnError(call::onError)
                    .doOnCancel(call::onCancel);
        });
        return fallback == null ? guarded : guarded.onErrorResume(fallback);
    }

    @Override
    public <T> Flux<T> run(Flux<T> toRun, Function<Throwable, Flux<T>> fallback) {
        Flux<T> guarded = Flux.defer(() -> {
            GuardedSubscription call = GuardedSubscription.admit(breaker, false);
            if (call.rejection() != null) {
                return Flux.error(call.rejection());
            }
            return toRun.doOnNext(value -> call.onNext())
                    .doOnComplete(call::onComplete)
                    .doOnError(call::onError)
                    .doOnCancel(call::onCancel);
        });
        return fallback == null ? guarded : guarded.onErrorResume(fallback);
    }

    @Override
    public String toString() {
        return "PurgatoryReactiveCircuitBreaker[" + breaker.getName() + "]";
    }
}
