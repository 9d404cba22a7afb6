package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.event.StateChanged;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Issue 12, items 1 and 3: no trial, however it ends or fails to end, keeps a half-open slot. */
class TrialSlotTest {

    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration TRIAL_TIMEOUT = Duration.ofSeconds(20);

    private final ManualTimeSource clock = new ManualTimeSource();

    private CircuitBreaker openBreaker(CircuitBreakerFactory.Builder factory, int halfOpenCalls) {
        CircuitBreaker breaker = factory
                .defaults(CircuitBreakerConfig.builder().threshold(1).ttl(TTL).halfOpenCalls(halfOpenCalls)
                        .halfOpenTimeout(TRIAL_TIMEOUT).build())
                .timeSource(clock)
                .build()
                .getBreaker("trials");
        breaker.open();
        clock.advance(TTL.plusNanos(1));
        return breaker;
    }

    @Test
    void aTrialThatNeverReportsLosesItsSlotAtTheHalfOpenTimeout() {
        CircuitBreaker breaker = openBreaker(CircuitBreakerFactory.builder(), 1);
        long abandoned = breaker.tryAcquirePermission();
        assertThat(breaker.getState()).isEqualTo(CircuitState.HALF_OPEN);

        clock.advance(TRIAL_TIMEOUT.minusNanos(1));
        assertThat(breaker.tryAcquirePermission()).as("slot still held").isEqualTo(CircuitBreaker.REJECTED);
        assertThat(breaker.getSnapshot().trialsInFlight()).isEqualTo(1);

        clock.advanceNanos(1);
        assertThat(breaker.getSnapshot().trialsInFlight()).as("expired").isZero();
        long replacement = breaker.tryAcquirePermission();
        assertThat(replacement).isNotEqualTo(CircuitBreaker.REJECTED);

        breaker.onError(abandoned, 0, new IllegalStateException("too late")); // ignored: it lost its slot
        assertThat(breaker.getState()).isEqualTo(CircuitState.HALF_OPEN);
        breaker.onSuccess(replacement, 0);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void cancellingTheReturnedStageFreesTheTrialSlot() {
        CircuitBreaker breaker = openBreaker(CircuitBreakerFactory.builder(), 1);
        CompletableFuture<String> never = new CompletableFuture<>();

        CompletionStage<String> trial = breaker.executeAsync(() -> never);
        assertThat(breaker.tryAcquirePermission()).isEqualTo(CircuitBreaker.REJECTED);
        trial.toCompletableFuture().cancel(true);

        assertThat(breaker.getSnapshot().trialsInFlight()).isZero();
        assertThat(breaker.getState()).as("a cancellation decides nothing").isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.get(() -> "next trial")).isEqualTo("next trial");
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        never.complete("late"); // the body's late end is not a second outcome
        assertThat(breaker.getStatistics().count(CallOutcome.SUCCESS)).isEqualTo(1);
    }

    @Test
    void aCallerTimeoutOnTheReturnedStageIsTheTrialsOutcome() {
        CircuitBreaker breaker = openBreaker(CircuitBreakerFactory.builder(), 1);
        CompletableFuture<String> never = new CompletableFuture<>();

        CompletionStage<String> trial = breaker.executeAsync(() -> never);
        trial.toCompletableFuture().completeExceptionally(new TimeoutException("caller gave up")); // as orTimeout does

        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.getStatistics().count(CallOutcome.FAILURE)).isEqualTo(1);
        never.complete("late");
        assertThat(breaker.getStatistics().count(CallOutcome.SUCCESS)).isZero();
    }

    @Test
    void aListenerStackOverflowAtTheSwapToHalfOpenDoesNotKeepTheSlot() {
        boolean[] thrown = new boolean[1];
        CircuitBreaker breaker = openBreaker(CircuitBreakerFactory.builder().listener(event -> {
            if (event instanceof StateChanged changed && changed.to() == CircuitState.HALF_OPEN && !thrown[0]) {
                thrown[0] = true;
                throw new StackOverflowError("listener recursed");
            }
        }), 1);

        assertThatThrownBy(() -> breaker.get(() -> "trial")).isInstanceOf(StackOverflowError.class);

        assertThat(breaker.getState()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.getSnapshot().trialsInFlight()).isZero();
        assertThat(breaker.get(() -> "next trial")).isEqualTo("next trial");
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aPermitReportedTwiceCountsOnce() {
        CircuitBreaker breaker = openBreaker(CircuitBreakerFactory.builder(), 2);
        long first = breaker.tryAcquirePermission();
        long second = breaker.tryAcquirePermission();
        assertThat(breaker.tryAcquirePermission()).isEqualTo(CircuitBreaker.REJECTED);

        breaker.onSuccess(first, 0);
        breaker.releasePermission(first); // a cancellation racing with the completion
        breaker.onSuccess(first, 0);

        assertThat(breaker.getState()).as("one success of two needed").isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).as("no third trial").isEqualTo(CircuitBreaker.REJECTED);
        breaker.onSuccess(second, 0);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }
}
