package io.purgatory.benchmarks;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The cheapest honest way to subscribe to a {@code Mono} that completes at subscription: requests
 * everything and keeps the value. Unlike {@code block()}, it never takes a shortcut (Reactor's
 * {@code Mono.fromSupplier(...).block()} calls the supplier without subscribing) and allocates no
 * latch, so every contender goes through a real subscription and the scores differ by the aspects.
 * Not thread-safe: one instance per subscription.
 *
 * @param <T> the value's type
 */
final class ValueSubscriber<T> implements CoreSubscriber<T> {

    private T value;
    private Throwable error;
    private boolean completed;

    /**
     * Subscribes to a {@code Mono} and returns its value.
     *
     * @param mono a {@code Mono} that signals synchronously when subscribed
     * @param <T> the value's type
     * @return the value, or {@code null} when the {@code Mono} was empty
     * @throws IllegalStateException when the {@code Mono} failed or did not complete at once
     */
    static <T> T valueOf(Mono<T> mono) {
        ValueSubscriber<T> subscriber = new ValueSubscriber<>();
        mono.subscribe(subscriber);
        if (subscriber.error != null) {
            throw new IllegalStateException("the Mono failed", subscriber.error);
        }
        if (!subscriber.completed) {
            throw new IllegalStateException("the Mono did not complete when subscribed");
        }
        return subscriber.value;
    }

    @Override
    public void onSubscribe(Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(T next) {
        value = next;
    }

    @Override
    public void onError(Throwable failure) {
        error = failure;
    }

    @Override
    public void onComplete() {
        completed = true;
    }
}
