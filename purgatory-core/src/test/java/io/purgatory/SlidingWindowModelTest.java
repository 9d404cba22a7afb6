package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.event.StateChanged;
import io.purgatory.event.TransitionCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The sliding windows against a naive reference that keeps every call with its time and recomputes
 * the rates from scratch: count and time windows, minimum calls, slow calls, bucket roll-over.
 */
class SlidingWindowModelTest {

    private static final Duration SLOW = Duration.ofMillis(100);

    /** One call: its outcome, how long it took, and how much time passed before it. */
    record Call(boolean failure, long durationMillis, long pauseMillis) {
    }

    /** A call as the reference keeps it. */
    record Recorded(long endNanos, boolean failure, boolean slow) {
    }

    @Provide
    Arbitrary<List<Call>> calls() {
        Arbitrary<Call> call = Combinators.combine(
                Arbitraries.integers().between(0, 99).map(p -> p < 35),
                Arbitraries.of(1L, 50L, 99L, 100L, 250L),
                Arbitraries.of(0L, 0L, 10L, 300L, 1_000L, 4_000L))
                .as(Call::new);
        return call.list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 300)
    void countWindowMatchesTheLastNCalls(@ForAll("calls") List<Call> calls, @ForAll @IntRange(min = 1, max = 12) int size,
            @ForAll @IntRange(min = 1, max = 12) int minimum, @ForAll @IntRange(min = 10, max = 100) int failureRate,
            @ForAll @IntRange(min = 10, max = 100) int slowRate) {
        int minimumCalls = Math.min(minimum, size);
        RateWindow window = new RateWindow(SlidingWindowType.COUNT_BASED, size, Duration.ofSeconds(1), minimumCalls,
                failureRate, slowRate, SLOW);
        check(calls, window, (recorded, now) -> recorded.subList(Math.max(0, recorded.size() - size), recorded.size()));
    }

    @Property(tries = 300)
    void timeWindowMatchesTheCallsOfTheLastTenBuckets(@ForAll("calls") List<Call> calls,
            @ForAll @IntRange(min = 1, max = 10) int seconds, @ForAll @IntRange(min = 1, max = 12) int minimum,
            @ForAll @IntRange(min = 10, max = 100) int failureRate, @ForAll @IntRange(min = 10, max = 100) int slowRate) {
        Duration duration = Duration.ofSeconds(seconds);
        long bucket = duration.toNanos() / 10;
        RateWindow window = new RateWindow(SlidingWindowType.TIME_BASED, 1, duration, minimum, failureRate, slowRate, SLOW);
        check(calls, window, (recorded, now) -> {
            long current = Math.floorDiv(now, bucket);
            return recorded.stream().filter(r -> Math.floorDiv(r.endNanos(), bucket) > current - 10).toList();
        });
    }

    private void check(List<Call> calls, RateWindow window,
            java.util.function.BiFunction<List<Recorded>, Long, List<Recorded>> visible) {
        ManualTimeSource clock = new ManualTimeSource();
        RecordingListener events = new RecordingListener();
        CircuitBreaker breaker = CircuitBreakerFactory.builder().timeSource(clock).listener(events)
                .defaults(CircuitBreakerConfig.builder().threshold(1_000).window(window).build())
                .build().getBreaker("windowed");
        List<Recorded> recorded = new ArrayList<>();
        for (Call call : calls) {
            clock.advance(Duration.ofMillis(call.pauseMillis()));
            if (breaker.getState() == CircuitState.CLOSED) {
                // Read between calls too: buckets that time alone pushed out must not count.
                assertThat(breaker.getRates().calls()).isEqualTo(visible.apply(recorded, clock.nanoTime()).size());
            } else {
                breaker.reset();
                recorded.clear();
            }
            events.drain();
            long permit = breaker.acquirePermission();
            long start = breaker.callStart();
            clock.advance(Duration.ofMillis(call.durationMillis()));
            if (call.failure()) {
                breaker.onError(permit, start, new IllegalStateException());
            } else {
                breaker.onSuccess(permit, start);
            }
            recorded.add(new Recorded(clock.nanoTime(), call.failure(), call.durationMillis() >= SLOW.toMillis()));

            List<Recorded> inWindow = visible.apply(recorded, clock.nanoTime());
            int total = inWindow.size();
            long failures = inWindow.stream().filter(Recorded::failure).count();
            long slow = inWindow.stream().filter(Recorded::slow).count();
            TransitionCause expectedTrip = null;
            // Judged after every call, whatever its outcome: a success can bring the window to its
            // minimum, or land after older successes left a time window, and leave a rate above its threshold.
            if (total >= window.minimumCalls()) {
                if (100f * failures / total >= window.failureRateThreshold()) {
                    expectedTrip = TransitionCause.FAILURE_RATE;
                } else if (100f * slow / total >= window.slowCallRateThreshold()) {
                    expectedTrip = TransitionCause.SLOW_CALL_RATE;
                }
            }
            if (expectedTrip != null) {
                assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
                assertThat(events.drain()).contains(new StateChanged("windowed", CircuitState.CLOSED, CircuitState.OPEN, expectedTrip));
                assertThat(breaker.getRates().calls()).as("window is emptied by the trip").isZero();
            } else {
                assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
                CircuitRates rates = breaker.getRates();
                assertThat(rates.calls()).isEqualTo(total);
                assertThat(rates.failures()).isEqualTo(failures);
                assertThat(rates.slowCalls()).isEqualTo(slow);
                if (total < window.minimumCalls()) {
                    assertThat(rates.failureRate()).isEqualTo(-1f);
                    assertThat(rates.slowCallRate()).isEqualTo(-1f);
                } else {
                    assertThat(rates.failureRate()).isEqualTo(100f * failures / total);
                }
            }
        }
    }
}
