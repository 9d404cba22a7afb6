package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.event.BreakerCreated;
import io.purgatory.event.CallFinished;
import io.purgatory.event.CallRejected;
import io.purgatory.event.FailureCounted;
import io.purgatory.event.Recovered;
import io.purgatory.event.StateChanged;
import io.purgatory.event.TransitionCause;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per rule of SPEC §2, driven by a fake clock. */
class CircuitBreakerTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final ManualTimeSource clock = new ManualTimeSource();
    private final RecordingListener events = new RecordingListener();
    private final AtomicInteger bodyRuns = new AtomicInteger();
    private CircuitBreakerFactory factory;
    private CircuitBreaker breaker;

    @BeforeEach
    void setUp() {
        factory = CircuitBreakerFactory.builder()
                .defaults(CircuitBreakerConfig.builder().threshold(3).ttl(TTL).exclude(IllegalArgumentException.class).build())
                .timeSource(clock)
                .listener(events)
                .build();
        breaker = factory.getBreaker("payments");
    }

    private void fail() {
        assertThatThrownBy(() -> breaker.run(() -> {
            bodyRuns.incrementAndGet();
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    private String succeed() {
        return breaker.get(() -> {
            bodyRuns.incrementAndGet();
            return "ok";
        });
    }

    /** What an untimed call that failed (or succeeded, below) reports when it ends. */
    private static CallFinished failureFinished() {
        return new CallFinished("payments", CallOutcome.FAILURE, 0);
    }

    private static CallFinished successFinished() {
        return new CallFinished("payments", CallOutcome.SUCCESS, 0);
    }

    private void openCircuit() {
        fail();
        fail();
        fail();
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        events.drain();
    }

    @Test
    void newBreakerIsClosedWithNoFailuresAndAnnouncesItsCreation() {
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getConsecutiveFailures()).isZero();
        assertThat(events.drain()).containsExactly(new BreakerCreated("payments", breaker.getConfig()));
    }

    @Test
    void factoryReturnsTheSameBreakerForTheSameName() {
        assertThat(factory.getBreaker("payments")).isSameAs(breaker);
        assertThat(factory.getBreaker("other")).isNotSameAs(breaker);
    }

    @Test
    void opensAfterThresholdConsecutiveFailures() {
        events.drain();
        fail();
        fail();
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getConsecutiveFailures()).isEqualTo(2);
        fail();
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(events.drain()).containsExactly(
                new FailureCounted("payments", 1),
                failureFinished(),
                new FailureCounted("payments", 2),
                failureFinished(),
                new FailureCounted("payments", 3),
                new StateChanged("payments", CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.CONSECUTIVE_FAILURES),
                failureFinished());
    }

    @Test
    void successResetsTheCountSoOnlyFailuresInARowOpen() {
        fail();
        fail();
        events.drain();
        assertThat(succeed()).isEqualTo("ok");
        assertThat(breaker.getConsecutiveFailures()).isZero();
        assertThat(events.drain()).containsExactly(new Recovered("payments"), successFinished());
        fail();
        fail();
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void excludedExceptionCountsAsSuccessAndIsRethrownUnchanged() {
        fail();
        fail();
        IllegalArgumentException business = new IllegalArgumentException("bad order");
        assertThatThrownBy(() -> breaker.run(() -> {
            throw business;
        })).isSameAs(business);
        assertThat(breaker.getConsecutiveFailures()).isZero();
        assertThat(breaker.getStatistics().count(CallOutcome.EXCLUDED)).isEqualTo(1);
    }

    @Test
    void openCircuitRejectsWithoutRunningTheBody() {
        openCircuit();
        int runsBefore = bodyRuns.get();
        assertThatThrownBy(this::succeed)
                .isInstanceOf(CircuitOpenException.class)
                .hasMessage("Circuit payments is open")
                .satisfies(e -> {
                    CircuitOpenException open = (CircuitOpenException) e;
                    assertThat(open.getCircuitName()).isEqualTo("payments");
                    assertThat(open.getOpenedAt()).isEqualTo(Instant.ofEpochMilli(clock.currentTimeMillis()));
                    assertThat(open.getStackTrace()).isEmpty();
                });
        assertThat(bodyRuns.get()).isEqualTo(runsBefore);
        assertThat(breaker.getStatistics().count(CallOutcome.REJECTED)).isEqualTo(1);
        assertThat(events.drain()).containsExactly(new CallRejected("payments", CircuitState.OPEN));
    }

    @Test
    void exactlyAtTtlTheCircuitIsStillOpen() {
        openCircuit();
        clock.advance(TTL);
        assertThatThrownBy(this::succeed).isInstanceOf(CircuitOpenException.class);
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void justPastTtlTheNextCallIsATrialThatClosesOnSuccess() {
        openCircuit();
        clock.advance(TTL.plusNanos(1));
        assertThat(succeed()).isEqualTo("ok");
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getConsecutiveFailures()).isZero();
        assertThat(events.drain()).containsExactly(
                new StateChanged("payments", CircuitState.OPEN, CircuitState.HALF_OPEN, TransitionCause.OPEN_PERIOD_ELAPSED),
                new Recovered("payments"),
                new StateChanged("payments", CircuitState.HALF_OPEN, CircuitState.CLOSED, TransitionCause.TRIAL_SUCCEEDED),
                successFinished());
    }

    @Test
    void trialFailureReopensWithAFreshOpeningTime() {
        openCircuit();
        Instant firstOpening = breaker.getSnapshot().openedAt();
        clock.advance(TTL.plusSeconds(5));
        fail();
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.getSnapshot().openedAt()).isAfter(firstOpening);
        assertThat(events.drain()).containsExactly(
                new StateChanged("payments", CircuitState.OPEN, CircuitState.HALF_OPEN, TransitionCause.OPEN_PERIOD_ELAPSED),
                new StateChanged("payments", CircuitState.HALF_OPEN, CircuitState.OPEN, TransitionCause.TRIAL_FAILED),
                failureFinished());
        clock.advance(TTL);
        assertThatThrownBy(this::succeed).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void excludedExceptionDuringTrialClosesTheCircuit() {
        openCircuit();
        clock.advance(TTL.plusNanos(1));
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalArgumentException("business");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void onlyHalfOpenCallsTrialsRunAtOnce() {
        openCircuit();
        clock.advance(TTL.plusNanos(1));
        long trial = breaker.tryAcquirePermission();
        assertThat(trial).isPositive();
        assertThat(breaker.getState()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).isEqualTo(CircuitBreaker.REJECTED);
        assertThatThrownBy(this::succeed).isInstanceOf(CircuitOpenException.class)
                .extracting(e -> ((CircuitOpenException) e).getState()).isEqualTo(CircuitState.HALF_OPEN);
        breaker.releasePermission(trial);
        assertThat(breaker.getState()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(succeed()).isEqualTo("ok");
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void callsAdmittedBeforeTheCircuitOpenedDoNotDecideAfterwards() {
        long early = breaker.tryAcquirePermission();
        long start = breaker.callStart();
        openCircuit();
        breaker.onError(early, start, new IllegalStateException("late"));
        breaker.onSuccess(early, start);
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(events.drain()).as("the calls finished, but changed nothing")
                .containsExactly(failureFinished(), successFinished());
    }

    @Test
    void lateOutcomeOfAnOlderTrialRoundIsIgnored() {
        openCircuit();
        clock.advance(TTL.plusNanos(1));
        long staleTrial = breaker.tryAcquirePermission();
        breaker.transitionTo(CircuitState.HALF_OPEN); // a new round
        breaker.onError(staleTrial, breaker.callStart(), new IllegalStateException("late"));
        assertThat(breaker.getState()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void checkedExceptionsReachTheCallerUnchanged() {
        IOException io = new IOException("disk");
        assertThatThrownBy(() -> breaker.call(() -> {
            throw io;
        })).isSameAs(io);
        assertThat(breaker.getConsecutiveFailures()).isEqualTo(1);
    }

    @Test
    void errorsCountAsFailures() {
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new StackOverflowError();
        })).isInstanceOf(StackOverflowError.class);
        assertThat(breaker.getConsecutiveFailures()).isEqualTo(1);
    }

    @Test
    void forcedStatesOverrideTheMachine() {
        breaker.transitionTo(CircuitState.FORCED_OPEN);
        clock.advance(Duration.ofDays(1));
        assertThatThrownBy(this::succeed).isInstanceOf(CircuitOpenException.class);
        breaker.transitionTo(CircuitState.DISABLED);
        for (int i = 0; i < 10; i++) {
            fail();
        }
        assertThat(breaker.getState()).isEqualTo(CircuitState.DISABLED);
        assertThat(breaker.getStatistics().count(CallOutcome.FAILURE)).isEqualTo(10);
        breaker.reset();
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        events.drain();
        fail();
        breaker.reset();
        assertThat(breaker.getConsecutiveFailures()).isZero();
        assertThat(events.drain()).containsExactly(new FailureCounted("payments", 1), failureFinished());
    }

    @Test
    void forcingOpenStartsAnOpenPeriodAndReportsTheCause() {
        events.drain();
        breaker.open();
        assertThat(events.drain()).containsExactly(
                new StateChanged("payments", CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.FORCED));
        clock.advance(TTL.plusNanos(1));
        assertThat(succeed()).isEqualTo("ok");
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void backoffLengthensEachReopeningUntilTheMaximumAndACloseResetsIt() {
        CircuitBreaker backingOff = CircuitBreakerFactory.builder().timeSource(clock)
                .defaults(CircuitBreakerConfig.builder().threshold(1).ttl(Duration.ofSeconds(10))
                        .backoff(2.0, Duration.ofSeconds(30)).build())
                .build().getBreaker("b");
        Runnable failing = () -> {
            throw new IllegalStateException();
        };
        assertThatThrownBy(() -> backingOff.run(failing)).isInstanceOf(IllegalStateException.class);
        assertThat(backingOff.getSnapshot().openPeriod()).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(11));
        assertThatThrownBy(() -> backingOff.run(failing)).isInstanceOf(IllegalStateException.class);
        assertThat(backingOff.getSnapshot().openPeriod()).isEqualTo(Duration.ofSeconds(20));
        clock.advance(Duration.ofSeconds(21));
        assertThatThrownBy(() -> backingOff.run(failing)).isInstanceOf(IllegalStateException.class);
        assertThat(backingOff.getSnapshot().openPeriod()).isEqualTo(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(31));
        backingOff.run(() -> { });
        assertThat(backingOff.getState()).isEqualTo(CircuitState.CLOSED);
        assertThatThrownBy(() -> backingOff.run(failing)).isInstanceOf(IllegalStateException.class);
        assertThat(backingOff.getSnapshot().openPeriod()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void statisticsCountEveryOutcomeAndTime() {
        succeed();
        fail();
        breaker.transitionTo(CircuitState.FORCED_OPEN);
        assertThatThrownBy(this::succeed).isInstanceOf(CircuitOpenException.class);
        CallStatistics stats = breaker.getStatistics();
        assertThat(stats.count(CallOutcome.SUCCESS)).isEqualTo(1);
        assertThat(stats.count(CallOutcome.FAILURE)).isEqualTo(1);
        assertThat(stats.count(CallOutcome.REJECTED)).isEqualTo(1);
        assertThat(stats.totalNanos(CallOutcome.REJECTED)).isZero();
    }

    @Test
    void exceptionOfAThrowingExcludePredicateNeverReplacesTheCallersException() {
        CircuitBreaker strict = CircuitBreakerFactory.builder().timeSource(clock)
                .defaults(CircuitBreakerConfig.builder()
                        .exclude(IllegalStateException.class, e -> {
                            throw new UnsupportedOperationException("broken predicate");
                        }).build())
                .build().getBreaker("strict");
        IllegalStateException original = new IllegalStateException("original");
        assertThatThrownBy(() -> strict.run(() -> {
            throw original;
        })).isSameAs(original);
        assertThat(strict.getConsecutiveFailures()).isEqualTo(1);
    }

    @Test
    void aTransitionOnlyListenerGetsNoPerCallEventsButEveryTransition() {
        java.util.List<io.purgatory.event.CircuitBreakerEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.purgatory.event.CircuitBreakerListener transitionsOnly = new io.purgatory.event.CircuitBreakerListener() {
            @Override
            public void onEvent(io.purgatory.event.CircuitBreakerEvent event) {
                seen.add(RecordingListener.unnumbered(event));
            }

            @Override
            public boolean receivesCallEvents() {
                return false;
            }
        };
        factory.addListener(transitionsOnly);
        openCircuit();
        assertThatThrownBy(this::succeed).isInstanceOf(CircuitOpenException.class);
        assertThat(seen).containsExactly(
                new StateChanged("payments", CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.CONSECUTIVE_FAILURES));
        factory.removeListener(transitionsOnly);
        breaker.reset();
        assertThat(seen).hasSize(1);
    }

    @Test
    void everyCallThatRanReportsItsOutcomeAndDurationToListenersThatAskForIt() {
        RecordingListener calls = new RecordingListener();
        CircuitBreaker timed = CircuitBreakerFactory.builder().timeSource(clock).recordCallDurations(true)
                .defaults(CircuitBreakerConfig.builder().exclude(IllegalArgumentException.class).build())
                .listener(calls).build().getBreaker("timed");
        calls.drain();

        timed.run(() -> clock.advance(Duration.ofMillis(7)));
        assertThatThrownBy(() -> timed.run(() -> {
            clock.advance(Duration.ofMillis(3));
            throw new IllegalArgumentException("excluded");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> timed.run(() -> {
            clock.advance(Duration.ofMillis(5));
            throw new IllegalStateException("counted");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(calls.drain()).containsExactly(
                new CallFinished("timed", CallOutcome.SUCCESS, Duration.ofMillis(7).toNanos()),
                new CallFinished("timed", CallOutcome.EXCLUDED, Duration.ofMillis(3).toNanos()),
                new FailureCounted("timed", 1),
                new CallFinished("timed", CallOutcome.FAILURE, Duration.ofMillis(5).toNanos()));
    }

    @Test
    void aListenerThatDoesNotAskForEveryCallHearsNoCallFinished() {
        java.util.List<io.purgatory.event.CircuitBreakerEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        factory.addListener(seen::add);
        succeed();
        fail();
        assertThat(seen).containsExactly(new FailureCounted("payments", 1));
    }

    @Test
    void anUntimedBreakerReadsNoClockOnAHealthyCall() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        TimeSource counting = new TimeSource() {
            @Override
            public long nanoTime() {
                reads.incrementAndGet();
                return clock.nanoTime();
            }

            @Override
            public long currentTimeMillis() {
                return clock.currentTimeMillis();
            }
        };
        CircuitBreaker untimed = CircuitBreakerFactory.builder().timeSource(counting).build().getBreaker("u");
        assertThat(untimed.get(() -> "ok")).isEqualTo("ok");
        assertThat(untimed.isTimed()).isFalse();
        assertThat(reads).hasValue(0);
        assertThat(untimed.getStatistics().totalNanos(CallOutcome.SUCCESS)).isZero();

        CircuitBreaker timed = CircuitBreakerFactory.builder().timeSource(clock).recordCallDurations(true).build()
                .getBreaker("t");
        timed.get(() -> {
            clock.advance(Duration.ofMillis(7));
            return "ok";
        });
        assertThat(timed.getStatistics().totalNanos(CallOutcome.SUCCESS)).isEqualTo(Duration.ofMillis(7).toNanos());
    }

    @Test
    void theRejectionCarriesItsOpeningTimeAndMessage() {
        assertThat(breaker.openException().getOpenedAt()).as("never opened").isNull();
        breaker.open();
        CircuitOpenException rejection = breaker.openException();
        assertThat(rejection.getOpenedAt()).isEqualTo(Instant.ofEpochMilli(clock.currentTimeMillis()));
        assertThat(rejection.getMessage()).isEqualTo("Circuit payments is open");
        assertThat(rejection.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(new CircuitOpenException("x", (Instant) null, CircuitState.FORCED_OPEN).getOpenedAt()).isNull();
    }
}
