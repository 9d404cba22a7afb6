package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.event.CallFinished;
import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.CircuitBreakerListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sampled call durations: fewer clock reads, an estimated total, and every call timed where each duration matters. */
class CallDurationSamplingTest {

    private static final int CALLS = 16_000;

    private final CountingTimeSource time = new CountingTimeSource();

    private CircuitBreaker sampledBreaker(CircuitBreakerConfig config, CircuitBreakerListener... listeners) {
        CircuitBreakerFactory.Builder builder = CircuitBreakerFactory.builder().timeSource(time).defaults(config)
                .recordCallDurations(true).callDurationSampling(16);
        for (CircuitBreakerListener listener : listeners) {
            builder.listener(listener);
        }
        return builder.build().getBreaker("payments");
    }

    @Test
    void aSampledBreakerReadsTheClockForAboutOneCallInSixteenAndCountsEveryCall() {
        CircuitBreaker breaker = sampledBreaker(CircuitBreakerConfig.defaults());
        long before = time.reads.get();

        for (int i = 0; i < CALLS; i++) {
            breaker.run(() -> time.manual.advance(Duration.ofMillis(2)));
        }

        long reads = time.reads.get() - before;
        // Expected 2 * 16000 / 16 = 2000 reads; binomial spread is about 90: far from both bounds.
        assertThat(reads).isBetween(1_000L, 4_000L);
        assertThat(breaker.getStatistics().count(CallOutcome.SUCCESS)).isEqualTo(CALLS);
        assertThat(breaker.getStatistics().totalNanos(CallOutcome.SUCCESS))
                .as("calls of equal length: the estimate is exact").isEqualTo(Duration.ofMillis(2L * CALLS).toNanos());
    }

    @Test
    void theEstimatedTotalOfCallsOfDifferentLengthsIsCloseToTheTrueTotal() {
        CircuitBreaker breaker = sampledBreaker(CircuitBreakerConfig.defaults());
        long trueTotal = 0;
        for (int i = 0; i < CALLS; i++) {
            Duration length = Duration.ofMillis(i % 2 == 0 ? 1 : 5);
            breaker.run(() -> time.manual.advance(length));
            trueTotal += length.toNanos();
        }

        // About 1000 timed calls with a spread of 2 ms around a 3 ms mean: a 10 % error is over 15 standard errors.
        assertThat((double) breaker.getStatistics().totalNanos(CallOutcome.SUCCESS)).isCloseTo(trueTotal,
                org.assertj.core.data.Percentage.withPercentage(10));
    }

    @Test
    void failuresAreEstimatedSeparatelyAndRejectionsHaveNoTime() {
        CircuitBreaker breaker = sampledBreaker(CircuitBreakerConfig.builder().threshold(Integer.MAX_VALUE).build());
        for (int i = 0; i < CALLS; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                time.manual.advance(Duration.ofMillis(3));
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class);
        }
        breaker.open();
        assertThatThrownBy(() -> breaker.run(() -> { })).isInstanceOf(CircuitOpenException.class);

        assertThat(breaker.getStatistics().count(CallOutcome.FAILURE)).isEqualTo(CALLS);
        assertThat(breaker.getStatistics().totalNanos(CallOutcome.FAILURE)).isEqualTo(Duration.ofMillis(3L * CALLS).toNanos());
        assertThat(breaker.getStatistics().totalNanos(CallOutcome.REJECTED)).isZero();
    }

    @Test
    void aListenerOfEveryFinishedCallGetsEveryDurationAndMakesTheTotalExact() {
        AtomicLong finishedNanos = new AtomicLong();
        CircuitBreakerListener histogram = new CircuitBreakerListener() {
            @Override
            public boolean receivesCallFinished() {
                return true;
            }

            @Override
            public void onEvent(CircuitBreakerEvent event) {
                if (event instanceof CallFinished finished) {
                    finishedNanos.addAndGet(finished.durationNanos());
                }
            }
        };
        CircuitBreaker breaker = sampledBreaker(CircuitBreakerConfig.defaults(), histogram);

        for (int i = 0; i < 1_000; i++) {
            long millis = i % 7;
            breaker.run(() -> time.manual.advance(Duration.ofMillis(millis)));
        }

        long trueTotal = 0;
        for (int i = 0; i < 1_000; i++) {
            trueTotal += Duration.ofMillis(i % 7).toNanos();
        }
        assertThat(finishedNanos.get()).isEqualTo(trueTotal);
        assertThat(breaker.getStatistics().totalNanos(CallOutcome.SUCCESS)).isEqualTo(trueTotal);
    }

    @Test
    void aSlowCallConditionTimesEveryCall() {
        CircuitBreaker breaker = sampledBreaker(CircuitBreakerConfig.builder()
                .window(new RateWindow(SlidingWindowType.COUNT_BASED, 100, Duration.ofMinutes(1), 100, 0f, 50f,
                        Duration.ofSeconds(1)))
                .build());
        long before = time.reads.get();

        for (int i = 0; i < 1_000; i++) {
            breaker.run(() -> time.manual.advance(Duration.ofMillis(1)));
        }

        assertThat(time.reads.get() - before).as("two reads per call at least").isGreaterThanOrEqualTo(2_000);
        assertThat(breaker.getStatistics().totalNanos(CallOutcome.SUCCESS)).isEqualTo(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void samplingBelowOneIsRefused() {
        assertThatThrownBy(() -> CircuitBreakerFactory.builder().callDurationSampling(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A manual clock that counts how often the monotonic time is read. */
    private static final class CountingTimeSource implements TimeSource {
        final ManualTimeSource manual = new ManualTimeSource();
        final AtomicLong reads = new AtomicLong();

        @Override
        public long nanoTime() {
            reads.incrementAndGet();
            return manual.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return manual.currentTimeMillis();
        }
    }
}
