package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Asynchronous guarding and the decorator forms. */
class CircuitBreakerAsyncTest {

    private final ManualTimeSource clock = new ManualTimeSource();
    private final CircuitBreaker breaker = CircuitBreakerFactory.builder().timeSource(clock)
            .defaults(CircuitBreakerConfig.builder().threshold(2).ttl(Duration.ofSeconds(5))
                    .exclude(IllegalArgumentException.class).build())
            .build().getBreaker("async");

    @Test
    void successfulStageCompletesWithItsResult() {
        CompletionStage<String> stage = breaker.executeAsync(() -> CompletableFuture.completedFuture("ok"));
        assertThat(stage.toCompletableFuture().join()).isEqualTo("ok");
        assertThat(breaker.getStatistics().count(CallOutcome.SUCCESS)).isEqualTo(1);
    }

    @Test
    void exceptionalCompletionIsAFailureAndKeepsItsCause() {
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletionStage<String> stage = breaker.executeAsync(() -> pending);
        assertThat(breaker.getConsecutiveFailures()).isZero();
        pending.completeExceptionally(new CompletionException(boom));
        assertThatThrownBy(() -> stage.toCompletableFuture().join()).hasCause(boom);
        assertThat(breaker.getConsecutiveFailures()).isEqualTo(1);
    }

    @Test
    void excludedExceptionalCompletionCountsAsSuccess() {
        breaker.executeAsync(() -> CompletableFuture.failedFuture(new IllegalStateException()));
        breaker.executeAsync(() -> CompletableFuture.failedFuture(new IllegalArgumentException()));
        assertThat(breaker.getConsecutiveFailures()).isZero();
    }

    @Test
    void rejectionIsAFailedStageAndTheSupplierIsNotInvoked() {
        breaker.open();
        AtomicInteger invoked = new AtomicInteger();
        CompletionStage<String> stage = breaker.executeAsync(() -> {
            invoked.incrementAndGet();
            return CompletableFuture.completedFuture("never");
        });
        assertThatThrownBy(() -> stage.toCompletableFuture().join()).hasCauseInstanceOf(CircuitOpenException.class);
        assertThat(invoked).hasValue(0);
    }

    @Test
    void supplierThrowingSynchronouslyIsAFailedStageAndAFailure() {
        IllegalStateException boom = new IllegalStateException("sync");
        CompletionStage<String> stage = breaker.executeAsync(() -> {
            throw boom;
        });
        assertThatThrownBy(() -> stage.toCompletableFuture().join()).hasCause(boom);
        assertThat(breaker.getConsecutiveFailures()).isEqualTo(1);
    }

    @Test
    void decoratedFunctionRunsThroughTheBreaker() {
        Function<Integer, Integer> half = breaker.decorate(x -> {
            if (x % 2 != 0) {
                throw new IllegalStateException("odd");
            }
            return x / 2;
        });
        assertThat(half.apply(4)).isEqualTo(2);
        assertThatThrownBy(() -> half.apply(3)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> half.apply(5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> half.apply(4)).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void otherDecoratorsRunThroughTheBreaker() throws Exception {
        assertThat(breaker.decorateSupplier(() -> "s").get()).isEqualTo("s");
        assertThat(breaker.decorateCallable(() -> "c").call()).isEqualTo("c");
        AtomicInteger ran = new AtomicInteger();
        breaker.decorateRunnable(ran::incrementAndGet).run();
        assertThat(ran).hasValue(1);
        assertThat(breaker.getStatistics().count(CallOutcome.SUCCESS)).isEqualTo(3);
    }
}
