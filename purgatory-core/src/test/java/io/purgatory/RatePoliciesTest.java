package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.event.StateChanged;
import io.purgatory.event.TransitionCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Rate conditions combined with the consecutive threshold, and their validation. */
class RatePoliciesTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 5_000;

    private final ManualTimeSource clock = new ManualTimeSource();
    private final RecordingListener events = new RecordingListener();

    private CircuitBreaker breaker(int threshold, RateWindow window) {
        return CircuitBreakerFactory.builder().timeSource(clock).listener(events)
                .defaults(CircuitBreakerConfig.builder().threshold(threshold).window(window).build())
                .build().getBreaker("combined");
    }

    private void call(CircuitBreaker breaker, boolean failure, Duration duration) {
        long permit = breaker.acquirePermission();
        long start = breaker.callStart();
        clock.advance(duration);
        if (failure) {
            breaker.onError(permit, start, new IllegalStateException());
        } else {
            breaker.onSuccess(permit, start);
        }
    }

    private static RateWindow countWindow(int size, int minimum, float failureRate, float slowRate) {
        return new RateWindow(SlidingWindowType.COUNT_BASED, size, Duration.ofMinutes(1), minimum, failureRate, slowRate,
                Duration.ofSeconds(1));
    }

    @Test
    void failureRateTripsEvenWhenFailuresAreNotConsecutive() {
        CircuitBreaker breaker = CircuitBreakerFactory.builder().timeSource(clock).listener(events).recordCallDurations(true)
                .defaults(CircuitBreakerConfig.builder().threshold(5).window(countWindow(10, 4, 50, 0)).build())
                .build().getBreaker("combined");
        call(breaker, true, Duration.ofMinutes(2));
        assertThat(breaker.getRates().slowCalls()).as("no slow-call condition, so no call is slow").isZero();
        call(breaker, false, Duration.ZERO);
        call(breaker, true, Duration.ZERO);
        assertThat(breaker.getRates().failureRate()).as("below the minimum the rate is unknown").isEqualTo(-1f);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        call(breaker, false, Duration.ZERO);
        // This success brings the window to its minimum with 2 of 4 calls failed: 50 % holds.
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(events.drain()).contains(
                new StateChanged("combined", CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.FAILURE_RATE));
    }

    @Test
    void aSuccessAfterOlderSuccessesLeftATimeWindowTripsWhenTheRateHolds() {
        RateWindow tenSeconds = new RateWindow(SlidingWindowType.TIME_BASED, 1, Duration.ofSeconds(10), 2, 50, 0,
                Duration.ofSeconds(1));
        CircuitBreaker breaker = breaker(100, tenSeconds);
        call(breaker, false, Duration.ZERO);
        call(breaker, false, Duration.ZERO);
        call(breaker, false, Duration.ZERO);
        clock.advance(Duration.ofSeconds(5));
        call(breaker, true, Duration.ZERO);
        assertThat(breaker.getState()).as("1 of 4 failed").isEqualTo(CircuitState.CLOSED);
        clock.advance(Duration.ofSeconds(6));
        call(breaker, false, Duration.ZERO);
        // The three early successes have left the window: 1 of 2 calls failed.
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(events.drain()).contains(
                new StateChanged("combined", CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.FAILURE_RATE));
    }

    @Test
    void aDisabledBreakerMeasuresItsRatesButNeverTripsAndItsNextClosedPeriodStartsEmpty() {
        CircuitBreaker breaker = breaker(2, countWindow(10, 2, 50, 0));
        breaker.transitionTo(CircuitState.DISABLED);
        call(breaker, true, Duration.ZERO);
        call(breaker, true, Duration.ZERO);
        call(breaker, false, Duration.ZERO);
        assertThat(breaker.getState()).isEqualTo(CircuitState.DISABLED);
        assertThat(breaker.getRates().calls()).isEqualTo(3);
        assertThat(breaker.getRates().failureRate()).isEqualTo(200f / 3);

        breaker.transitionTo(CircuitState.OPEN);
        breaker.transitionTo(CircuitState.HALF_OPEN);
        long trial = breaker.acquirePermission();
        breaker.onSuccess(trial, breaker.callStart());
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getRates().calls()).as("the disabled period's calls are forgotten").isZero();
    }

    @Test
    void consecutiveThresholdStillTripsBeforeTheMinimumNumberOfCalls() {
        CircuitBreaker breaker = breaker(3, countWindow(100, 50, 50, 0));
        call(breaker, true, Duration.ZERO);
        call(breaker, true, Duration.ZERO);
        call(breaker, true, Duration.ZERO);
        assertThat(events.drain()).contains(
                new StateChanged("combined", CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.CONSECUTIVE_FAILURES));
    }

    @Test
    void slowSuccessfulCallsTripTheSlowRateAndStillReturnTheirResult() {
        CircuitBreaker breaker = breaker(5, countWindow(4, 4, 0, 75));
        for (int i = 0; i < 3; i++) {
            call(breaker, false, Duration.ofSeconds(2));
        }
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.get(() -> {
            clock.advance(Duration.ofSeconds(3));
            return "slow but fine";
        })).isEqualTo("slow but fine");
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(events.drain()).contains(
                new StateChanged("combined", CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.SLOW_CALL_RATE));
    }

    @Test
    void timeWindowForgetsCallsOlderThanItsDuration() {
        CircuitBreaker breaker = breaker(100, new RateWindow(SlidingWindowType.TIME_BASED, 1, Duration.ofSeconds(10), 3,
                50, 0, Duration.ofSeconds(1)));
        call(breaker, true, Duration.ZERO);
        call(breaker, true, Duration.ZERO);
        clock.advance(Duration.ofSeconds(11));
        call(breaker, false, Duration.ZERO);
        call(breaker, false, Duration.ZERO);
        call(breaker, true, Duration.ZERO);
        assertThat(breaker.getRates().calls()).isEqualTo(3);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aTripEmptiesTheWindowAndACloseStartsAFreshOne() {
        CircuitBreaker breaker = breaker(100, countWindow(4, 2, 50, 0));
        call(breaker, true, Duration.ZERO);
        call(breaker, true, Duration.ZERO);
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        clock.advance(Duration.ofSeconds(31));
        call(breaker, false, Duration.ZERO);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getRates().calls()).isZero();
        call(breaker, false, Duration.ZERO);
        call(breaker, true, Duration.ZERO);
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void disabledStateRecordsStatisticsButNeverTrips() {
        CircuitBreaker breaker = breaker(1, countWindow(2, 1, 10, 0));
        breaker.transitionTo(CircuitState.DISABLED);
        for (int i = 0; i < 10; i++) {
            call(breaker, true, Duration.ZERO);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitState.DISABLED);
        assertThat(breaker.getStatistics().count(CallOutcome.FAILURE)).isEqualTo(10);
    }

    @Test
    void windowSettingsAreValidatedWithFieldAndValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> countWindow(10, 5, 101, 0))
                .withMessage("failureRateThreshold must be in (0, 100], but was 101.0");
        assertThatIllegalArgumentException().isThrownBy(() -> countWindow(10, 5, -1, 0))
                .withMessage("failureRateThreshold must be in (0, 100], but was -1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> countWindow(0, 1, 50, 0))
                .withMessage("slidingWindowSize must be at least 1, but was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> countWindow(10, 11, 50, 0))
                .withMessage("minimumCalls must not exceed the count-based slidingWindowSize (10), but was 11");
        assertThatIllegalArgumentException().isThrownBy(() -> new RateWindow(SlidingWindowType.TIME_BASED, 1,
                Duration.ZERO, 1, 50, 0, Duration.ofSeconds(1))).withMessage("slidingWindowDuration must be positive, but was PT0S");
    }

    @Test
    void ratesAreExactUnderConcurrency() throws Exception {
        CircuitBreaker breaker = breaker(Integer.MAX_VALUE, countWindow(100_000, 100_000, 100, 0));
        callConcurrently(breaker, recorded -> { });
        CircuitRates rates = breaker.getRates();
        assertThat(rates.calls()).isEqualTo(THREADS * PER_THREAD);
        assertThat(rates.failures()).isEqualTo(THREADS * PER_THREAD / 4);
    }

    /** Repeated because a lost count needs a thread to hit the instant of a recycle, rare in one run. */
    @RepeatedTest(40)
    void aTimeWindowCountsExactlyWhileItsBucketsAreRecycledUnderConcurrency() throws Exception {
        RateWindow tenSeconds = new RateWindow(SlidingWindowType.TIME_BASED, 1, Duration.ofSeconds(10), 1, 100, 0,
                Duration.ofSeconds(1));
        CircuitBreaker breaker = breaker(Integer.MAX_VALUE, tenSeconds);
        for (int i = 0; i < 10; i++) { // every bucket holds calls of an earlier period
            call(breaker, false, Duration.ZERO);
            clock.advance(Duration.ofSeconds(1));
        }
        clock.advance(Duration.ofSeconds(1)); // the old calls have all left the window
        // Nine steps of one bucket while the callers run: each step recycles a bucket under them,
        // and the window still covers everything recorded since the first step.
        callConcurrently(breaker, recorded -> {
            for (int step = 1; step <= 9; step++) {
                while (recorded.get() < step * THREADS * PER_THREAD / 10) {
                    Thread.onSpinWait();
                }
                clock.advance(Duration.ofSeconds(1));
            }
        });
        CircuitRates rates = breaker.getRates();
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(rates.calls()).isEqualTo(THREADS * PER_THREAD);
        assertThat(rates.failures()).isEqualTo(THREADS * PER_THREAD / 4);
    }

    /**
     * Runs {@value #THREADS} threads of {@value #PER_THREAD} calls each, every fourth call a failure,
     * and {@code alongside} on one more thread, given the number of calls recorded so far.
     */
    private static void callConcurrently(CircuitBreaker breaker, Consumer<AtomicInteger> alongside) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger recorded = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < PER_THREAD; i++) {
                    long permit = breaker.acquirePermission();
                    if ((i + id) % 4 == 0) {
                        breaker.onError(permit, breaker.callStart(), new IllegalStateException());
                    } else {
                        breaker.onSuccess(permit, breaker.callStart());
                    }
                    recorded.incrementAndGet();
                }
                return null;
            }));
        }
        done.add(pool.submit(() -> {
            start.await();
            alongside.accept(recorded);
            return null;
        }));
        start.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
    }

    @Test
    void aCallExactlyAsLongAsTheSlowDurationIsSlow() {
        CircuitBreaker breaker = breaker(100, countWindow(2, 1, 0, 100));
        call(breaker, false, Duration.ofSeconds(1));
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.isTimed()).as("a slow-call condition always times calls").isTrue();
    }

    @Test
    void forcingClosedEmptiesTheWindow() {
        CircuitBreaker breaker = breaker(100, countWindow(10, 5, 90, 0));
        call(breaker, true, Duration.ZERO);
        call(breaker, false, Duration.ZERO);
        breaker.reset();
        assertThat(breaker.getRates().calls()).isZero();
    }
}
