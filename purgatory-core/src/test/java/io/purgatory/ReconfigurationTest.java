package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.ConfigChanged;
import io.purgatory.event.StateChanged;
import io.purgatory.event.TransitionCause;
import io.purgatory.store.CircuitSignals;
import io.purgatory.store.CircuitStore;
import io.purgatory.store.InMemoryCircuitStore;
import io.purgatory.store.StoredCircuit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Runtime reconfiguration of one breaker through its factory: which parts of the state survive a new
 * configuration, which settings apply at once, and what is published. Every clock move is explicit.
 */
class ReconfigurationTest {

    private static final String NAME = "payments";

    private final ManualTimeSource clock = new ManualTimeSource();
    private final RecordingListener events = new RecordingListener();

    private CircuitBreakerFactory factory(CircuitBreakerConfig defaults) {
        return CircuitBreakerFactory.builder().defaults(defaults).timeSource(clock).listener(events).build();
    }

    private static CircuitBreakerConfig.Builder config() {
        return CircuitBreakerConfig.builder();
    }

    private static void fail(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw new IllegalStateException("down");
            })).isInstanceOf(IllegalStateException.class);
        }
    }

    private static void succeed(CircuitBreaker breaker, int times) {
        for (int i = 0; i < times; i++) {
            breaker.run(() -> { });
        }
    }

    // ---- consecutive failures --------------------------------------------------------------

    @Test
    void keepsTheConsecutiveFailureCountUnderAHigherThreshold() {
        CircuitBreakerFactory factory = factory(config().threshold(5).build());
        CircuitBreaker breaker = factory.getBreaker(NAME);
        fail(breaker, 3);

        factory.reconfigure(NAME, config().threshold(10).build());

        assertThat(breaker.getConsecutiveFailures()).isEqualTo(3);
        fail(breaker, 6);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getConsecutiveFailures()).isEqualTo(9);
        fail(breaker, 1);
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aThresholdAtOrBelowTheCountOpensOnTheNextCountedFailure() {
        CircuitBreakerFactory factory = factory(config().threshold(10).build());
        CircuitBreaker breaker = factory.getBreaker(NAME);
        fail(breaker, 4);

        factory.reconfigure(NAME, config().threshold(2).build());

        // The change itself trips nothing: only a counted failure decides.
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getConsecutiveFailures()).isEqualTo(4);
        fail(breaker, 1);
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
    }

    // ---- open period ----------------------------------------------------------------------------

    @Test
    void anOpenPeriodInProgressKeepsItsDeadlineAndTheNextOpeningUsesTheNewTtl() {
        CircuitBreakerFactory factory = factory(config().threshold(1).ttl(Duration.ofSeconds(30)).build());
        CircuitBreaker breaker = factory.getBreaker(NAME);
        fail(breaker, 1);
        clock.advance(Duration.ofSeconds(10));

        factory.reconfigure(NAME, config().threshold(1).ttl(Duration.ofSeconds(5)).build());

        clock.advance(Duration.ofSeconds(20)); // exactly the old deadline: still open
        assertThatThrownBy(() -> succeed(breaker, 1)).isInstanceOf(CircuitOpenException.class);
        assertThat(breaker.getSnapshot().openPeriod()).isEqualTo(Duration.ofSeconds(30));
        clock.advanceNanos(1);
        fail(breaker, 1); // the trial fails: a fresh period, of the new ttl
        assertThat(breaker.getSnapshot().openPeriod()).isEqualTo(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(5).plusNanos(1));
        succeed(breaker, 1);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    // ---- half-open trials -----------------------------------------------------------------------

    private CircuitBreaker halfOpen(CircuitBreakerFactory factory) {
        CircuitBreaker breaker = factory.getBreaker(NAME);
        fail(breaker, 1);
        clock.advance(Duration.ofSeconds(31));
        return breaker;
    }

    @Test
    void trialsInFlightKeepTheirSlotsWhenHalfOpenCallsShrinks() {
        CircuitBreakerFactory factory = factory(config().threshold(1).halfOpenCalls(3).halfOpenSuccesses(1).build());
        CircuitBreaker breaker = halfOpen(factory);
        long first = breaker.tryAcquirePermission();
        long second = breaker.tryAcquirePermission();
        assertThat(breaker.getSnapshot().trialsInFlight()).isEqualTo(2);

        factory.reconfigure(NAME, config().threshold(1).halfOpenCalls(1).build());

        assertThat(breaker.getSnapshot().trialsInFlight()).isEqualTo(2);
        assertThat(breaker.tryAcquirePermission()).as("no new trial while 2 run and 1 is allowed")
                .isEqualTo(CircuitBreaker.REJECTED);
        breaker.releasePermission(first);
        assertThat(breaker.tryAcquirePermission()).as("still 1 running").isEqualTo(CircuitBreaker.REJECTED);
        breaker.onSuccess(second, breaker.callStart()); // an old trial's outcome still decides
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aHalfOpenRoundWhoseSuccessesMeetTheNewRequirementClosesAtOnce() {
        CircuitBreakerFactory factory = factory(config().threshold(1).halfOpenCalls(3).build());
        CircuitBreaker breaker = halfOpen(factory);
        breaker.onSuccess(breaker.tryAcquirePermission(), breaker.callStart());
        breaker.onSuccess(breaker.tryAcquirePermission(), breaker.callStart());
        assertThat(breaker.getState()).isEqualTo(CircuitState.HALF_OPEN);
        events.drain();

        CircuitBreakerConfig two = config().threshold(1).halfOpenCalls(2).build();
        factory.reconfigure(NAME, two);

        // Two successes of three slots, now two of two: no trial could be admitted, none could close it.
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(events.drain()).containsExactly(
                new ConfigChanged(NAME, config().threshold(1).halfOpenCalls(3).build(), two),
                new StateChanged(NAME, CircuitState.HALF_OPEN, CircuitState.CLOSED, TransitionCause.TRIAL_SUCCEEDED));
    }

    @Test
    void aTrialAdmittedUnderTheOldTimeoutKeepsItsDeadline() {
        CircuitBreakerFactory factory = factory(config().threshold(1).halfOpenTimeout(Duration.ofSeconds(60)).build());
        CircuitBreaker breaker = halfOpen(factory);
        long trial = breaker.tryAcquirePermission();

        factory.reconfigure(NAME, config().threshold(1).halfOpenTimeout(Duration.ofSeconds(1)).build());
        clock.advance(Duration.ofSeconds(59));

        assertThat(breaker.getSnapshot().trialsInFlight()).isEqualTo(1);
        breaker.onSuccess(trial, breaker.callStart());
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    // ---- forced states ----------------------------------------------------------------------------

    @Test
    void aForcedStateStaysForced() {
        CircuitBreakerFactory factory = factory(config().build());
        CircuitBreaker open = factory.getBreaker("forced");
        CircuitBreaker disabled = factory.getBreaker("disabled");
        open.transitionTo(CircuitState.FORCED_OPEN);
        disabled.transitionTo(CircuitState.DISABLED);

        factory.reconfigureDefaults(config().threshold(1).ttl(Duration.ofSeconds(1)).build());
        clock.advance(Duration.ofMinutes(1));

        assertThat(open.getState()).isEqualTo(CircuitState.FORCED_OPEN);
        fail(disabled, 3);
        assertThat(disabled.getState()).isEqualTo(CircuitState.DISABLED);
        disabled.reset();
        fail(disabled, 1);
        assertThat(disabled.getState()).as("the new threshold once it leaves DISABLED").isEqualTo(CircuitState.OPEN);
    }

    // ---- sliding window ---------------------------------------------------------------------------

    private static RateWindow.Builder window() {
        return RateWindow.builder().failureRateThreshold(50);
    }

    @Test
    void aWindowOfTheSameShapeKeepsItsCallsUnderNewThresholds() {
        CircuitBreakerFactory factory = factory(config().threshold(100)
                .window(window().countBased(10).minimumCalls(10).build()).build());
        CircuitBreaker breaker = factory.getBreaker(NAME);
        fail(breaker, 5);
        succeed(breaker, 3);

        factory.reconfigure(NAME, config().threshold(100)
                .window(window().countBased(10).minimumCalls(9).failureRateThreshold(60).build()).build());

        assertThat(breaker.getRates().calls()).isEqualTo(8);
        assertThat(breaker.getRates().minimumCalls()).isEqualTo(9);
        fail(breaker, 1); // 6 of 9 calls failed: 66 % >= 60 %
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aTimeWindowOfTheSameDurationKeepsItsCalls() {
        CircuitBreakerFactory factory = factory(config().threshold(100)
                .window(window().timeBased(Duration.ofSeconds(10)).minimumCalls(5).build()).build());
        CircuitBreaker breaker = factory.getBreaker(NAME);
        succeed(breaker, 4);

        factory.reconfigure(NAME, config().threshold(100)
                .window(window().timeBased(Duration.ofSeconds(10)).minimumCalls(5).failureRateThreshold(20).build())
                .build());

        assertThat(breaker.getRates().calls()).isEqualTo(4);
        fail(breaker, 1); // 1 of 5: 20 %
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aWindowOfAnotherShapeStartsEmpty() {
        CircuitBreakerFactory factory = factory(config().threshold(100)
                .window(window().countBased(10).minimumCalls(4).build()).build());
        CircuitBreaker breaker = factory.getBreaker(NAME);
        fail(breaker, 3);

        factory.reconfigure(NAME, config().threshold(100).window(window().countBased(20).minimumCalls(4).build()).build());

        assertThat(breaker.getRates().calls()).isZero();
        succeed(breaker, 3);
        fail(breaker, 1); // 1 of 4: 25 %, not the 4 of 7 the old window would hold
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getRates().calls()).isEqualTo(4);

        factory.reconfigure(NAME, config().threshold(100)
                .window(window().timeBased(Duration.ofSeconds(20)).minimumCalls(4).build()).build());
        assertThat(breaker.getRates().calls()).as("count-based to time-based").isZero();
    }

    @Test
    void aRateConditionCanAppearAndDisappear() {
        CircuitBreakerFactory factory = factory(config().threshold(100).build());
        CircuitBreaker breaker = factory.getBreaker(NAME);
        succeed(breaker, 5);
        assertThat(breaker.getRates()).isEqualTo(CircuitRates.NONE);

        factory.reconfigure(NAME, config().threshold(100).window(window().countBased(4).minimumCalls(4).build()).build());
        fail(breaker, 2);
        succeed(breaker, 1);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        fail(breaker, 1); // 3 of 4
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);

        breaker.reset();
        factory.reconfigure(NAME, config().threshold(100).build());
        fail(breaker, 10);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getRates()).isEqualTo(CircuitRates.NONE);
    }

    // ---- what the breaker derives from its settings ---------------------------------------------

    @Test
    void aSlowCallConditionAppearingTimesEveryCallAndTrips() {
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder().timeSource(clock).callDurationSampling(8).build();
        CircuitBreaker breaker = factory.getBreaker(NAME);
        assertThat(breaker.isTimed()).isFalse();

        factory.reconfigure(NAME, config().window(RateWindow.builder().countBased(2).minimumCalls(2)
                .slowCallRateThreshold(100, Duration.ofSeconds(1)).build()).build());

        assertThat(breaker.isTimed()).isTrue();
        for (int i = 0; i < 2; i++) {
            breaker.run(() -> clock.advance(Duration.ofSeconds(2)));
        }
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.getStatistics().totalNanos(CallOutcome.SUCCESS)).isEqualTo(Duration.ofSeconds(4).toNanos());

        breaker.reset();
        factory.reconfigure(NAME, config().build());
        assertThat(breaker.isTimed()).as("no slow-call condition, durations not recorded").isFalse();
    }

    @Test
    void aCallStartedBeforeTimingWasSwitchedOnIsNotJudgedByAGuessedDuration() {
        CircuitBreakerFactory factory = factory(config().build());
        CircuitBreaker breaker = factory.getBreaker(NAME);
        long permit = breaker.tryAcquirePermission();
        long start = breaker.callStart(); // untimed: no clock read

        factory.reconfigure(NAME, config().window(RateWindow.builder().countBased(1).minimumCalls(1)
                .slowCallRateThreshold(100, Duration.ofSeconds(1)).build()).build());
        clock.advance(Duration.ofSeconds(5));
        breaker.onSuccess(permit, start);

        assertThat(breaker.getRates().calls()).isEqualTo(1);
        assertThat(breaker.getRates().slowCalls()).as("its duration is unknown, not slow").isZero();
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        breaker.run(() -> clock.advance(Duration.ofSeconds(2))); // a call timed from its start is
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void newExcludeRulesApplyToTheNextCall() {
        CircuitBreakerFactory factory = factory(config().threshold(1).build());
        CircuitBreaker breaker = factory.getBreaker(NAME);

        factory.reconfigure(NAME, config().threshold(1).exclude(IllegalStateException.class).build());

        fail(breaker, 3);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getStatistics().count(CallOutcome.EXCLUDED)).isEqualTo(3);
    }

    @Test
    void customizersRunAgainSoTheirExcludesStay() {
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder().timeSource(clock)
                .customizer((name, builder) -> builder.exclude(IllegalStateException.class))
                .build();
        CircuitBreaker breaker = factory.getBreaker(NAME);

        factory.reconfigure(NAME, config().threshold(1).build());

        assertThat(breaker.getConfig().threshold()).isEqualTo(1);
        assertThat(breaker.getConfig().exclude()).extracting(ExcludeRule::type)
                .containsExactly(IllegalStateException.class);
        fail(breaker, 2);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    // ---- events, defaults, overrides -------------------------------------------------------------

    @Test
    void publishesOneConfigChangedPerChangedBreakerAndNoneForAnEqualConfig() {
        CircuitBreakerConfig before = config().build();
        CircuitBreakerFactory factory = factory(before);
        CircuitBreaker breaker = factory.getBreaker(NAME);
        events.drain();
        assertThat(breaker.getConfigChangedAt()).isNull();

        CircuitBreakerConfig after = config().threshold(2).build();
        assertThat(factory.reconfigure(NAME, after)).isTrue();
        assertThat(factory.reconfigure(NAME, config().threshold(2).build())).isFalse();

        assertThat(events.drain()).containsExactly(new ConfigChanged(NAME, before, after));
        assertThat(breaker.getConfig()).isEqualTo(after);
        assertThat(breaker.getConfigChangedAt()).isEqualTo(java.time.Instant.ofEpochMilli(clock.currentTimeMillis()));
    }

    @Test
    void newDefaultsReachEveryBreakerWithoutItsOwnSettings() {
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder().timeSource(clock).listener(events)
                .breaker("own", config().threshold(7).build()).build();
        CircuitBreaker plain = factory.getBreaker("plain");
        CircuitBreaker own = factory.getBreaker("own");
        events.drain();

        List<String> changed = factory.reconfigureDefaults(config().threshold(2).build());

        assertThat(changed).containsExactly("plain");
        assertThat(plain.getConfig().threshold()).isEqualTo(2);
        assertThat(own.getConfig().threshold()).isEqualTo(7);
        assertThat(factory.getBreaker("later").getConfig().threshold()).isEqualTo(2);
        assertThat(events.drain()).filteredOn(ConfigChanged.class::isInstance).hasSize(1);
    }

    @Test
    void reconfiguringEverythingFallsBackToDefaultsAndCreatesNothing() {
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder().timeSource(clock)
                .breaker("removed", config().threshold(7).build()).build();
        CircuitBreaker removed = factory.getBreaker("removed");
        CircuitBreaker added = factory.getBreaker("added");

        List<String> changed = factory.reconfigureAll(config().threshold(3).build(),
                Map.of("added", config().threshold(9).build(), "notYetUsed", config().threshold(4).build()));

        assertThat(changed).containsExactly("added", "removed");
        assertThat(removed.getConfig().threshold()).isEqualTo(3);
        assertThat(added.getConfig().threshold()).isEqualTo(9);
        assertThat(factory.findBreaker("notYetUsed")).isEmpty();
        assertThat(factory.getConfiguredNames()).containsExactlyInAnyOrder("added", "notYetUsed");
        assertThat(factory.getBreaker("notYetUsed").getConfig().threshold()).isEqualTo(4);
    }

    @Test
    void aStoreWithoutReconfigurationKeepsItsSettingsAndTheBreakerSaysSo() {
        CircuitStore legacy = new CircuitStore() {
            private final InMemoryCircuitStore memory = new InMemoryCircuitStore();

            @Override
            public String type() {
                return "legacy";
            }

            @Override
            public StoredCircuit attach(String name, CircuitBreakerConfig config, TimeSource time, CircuitSignals signals) {
                StoredCircuit inner = memory.attach(name, config, time, signals);
                return new StoredCircuit() { // written before reconfigure() existed: only the abstract methods
                    public long acquire() { return inner.acquire(); }
                    public void onSuccess(long permit, long nanos) { inner.onSuccess(permit, nanos); }
                    public void onFailure(long permit, long nanos) { inner.onFailure(permit, nanos); }
                    public void release(long permit) { inner.release(permit); }
                    public void transitionTo(CircuitState target) { inner.transitionTo(target); }
                    public io.purgatory.store.CircuitSnapshot snapshot() { return inner.snapshot(); }
                    public CircuitState state() { return inner.state(); }
                    public int consecutiveFailures() { return inner.consecutiveFailures(); }
                };
            }
        };
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder().store(legacy).timeSource(clock)
                .defaults(config().threshold(3).build()).build();
        CircuitBreaker breaker = factory.getBreaker(NAME);

        try (CapturedLog log = CapturedLog.of(CircuitBreaker.class.getName())) {
            factory.reconfigure(NAME, config().threshold(1).exclude(IllegalArgumentException.class).build());
            assertThat(log.records()).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                assertThat(record.getMessage()).contains("legacy", NAME, "does not support runtime reconfiguration");
            });
        }
        fail(breaker, 1);
        assertThat(breaker.getState()).as("the store decides with threshold 3").isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.getConfig().threshold()).isEqualTo(1);
    }

    @Test
    void aChangeThatTripsNothingPublishesOnlyConfigChanged() {
        CircuitBreakerFactory factory = factory(config().threshold(3).build());
        CircuitBreaker breaker = factory.getBreaker(NAME);
        fail(breaker, 2);
        events.drain();

        factory.reconfigure(NAME, config().threshold(4).build());

        List<CircuitBreakerEvent> published = events.drain();
        assertThat(published).hasSize(1).first().isInstanceOf(ConfigChanged.class);
    }
}
