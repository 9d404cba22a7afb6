package io.purgatory.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import io.purgatory.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PurgatoryMeterBinderTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final DegradableCircuitStore store = new DegradableCircuitStore();
    private final CircuitBreakerFactory factory = CircuitBreakerFactory.builder()
            .defaults(CircuitBreakerConfig.builder().threshold(2).ttl(Duration.ofSeconds(10))
                    .exclude(IllegalArgumentException.class).build())
            .store(store)
            .timeSource(time)
            .recordCallDurations(true)
            .build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private CircuitBreaker bound(String name) {
        CircuitBreaker breaker = factory.getBreaker(name);
        new PurgatoryMeterBinder(factory, List.of()).bindTo(registry);
        return breaker;
    }

    @Test
    void registersOneStateGaugePerStateWithOnlyTheCurrentStateAtOne() {
        bound("payments");

        assertThat(registry.find("purgatory.breaker.state").tag("name", "payments").gauges()).hasSize(5);
        assertThat(state("payments", "closed")).isEqualTo(1.0);
        assertThat(state("payments", "open")).isZero();
        assertThat(state("payments", "half_open")).isZero();
        assertThat(state("payments", "forced_open")).isZero();
        assertThat(state("payments", "disabled")).isZero();
    }

    @Test
    void stateGaugesFollowTheBreaker() {
        CircuitBreaker breaker = bound("payments");

        breaker.transitionTo(CircuitState.FORCED_OPEN);

        assertThat(state("payments", "forced_open")).isEqualTo(1.0);
        assertThat(state("payments", "closed")).isZero();
    }

    @Test
    void callTimerCountsAndTimesEachOutcome() {
        CircuitBreaker breaker = bound("payments");

        breaker.run(() -> time.advance(Duration.ofMillis(30)));
        breaker.run(() -> time.advance(Duration.ofMillis(10)));
        fail(breaker);
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalArgumentException("excluded");
        })).isInstanceOf(IllegalArgumentException.class);

        FunctionTimer success = calls("payments", "success");
        assertThat(success.count()).isEqualTo(2.0);
        assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40.0);
        assertThat(calls("payments", "failure").count()).isEqualTo(1.0);
        assertThat(calls("payments", "excluded").count()).isEqualTo(1.0);
        assertThat(calls("payments", "rejected").count()).isZero();
    }

    @Test
    void callTimerCountsRejections() {
        CircuitBreaker breaker = bound("payments");
        breaker.transitionTo(CircuitState.OPEN);

        assertThatThrownBy(() -> breaker.run(() -> { })).isInstanceOf(CircuitOpenException.class);

        assertThat(calls("payments", "rejected").count()).isEqualTo(1.0);
    }

    @Test
    void recordedCallTimersPublishTheRegistrysHistogramPerOutcome() {
        registry.config().meterFilter(sloOfCalls(Duration.ofMillis(20)));
        CircuitBreaker breaker = factory.getBreaker("payments");
        new PurgatoryMeterBinder(factory, List.of(), true).bindTo(registry);

        breaker.run(() -> time.advance(Duration.ofMillis(30)));
        breaker.run(() -> time.advance(Duration.ofMillis(10)));
        fail(breaker);
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalArgumentException("excluded");
        })).isInstanceOf(IllegalArgumentException.class);
        fail(breaker);
        breaker.transitionTo(CircuitState.OPEN);
        assertThatThrownBy(() -> breaker.run(() -> { })).isInstanceOf(CircuitOpenException.class);

        assertThat(registry.find("purgatory.breaker.calls").functionTimers()).isEmpty();
        Timer success = timer("payments", "success");
        assertThat(success.getId().getDescription()).isEqualTo(BreakerMeters.CALLS_DESCRIPTION);
        assertThat(success.count()).isEqualTo(2);
        assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40.0);
        assertThat(success.takeSnapshot().histogramCounts()).singleElement().satisfies(bucket -> {
            assertThat(bucket.bucket(TimeUnit.MILLISECONDS)).isEqualTo(20.0);
            assertThat(bucket.count()).as("the 10 ms call, not the 30 ms one").isEqualTo(1.0);
        });
        assertThat(timer("payments", "failure").count()).isEqualTo(2);
        assertThat(timer("payments", "excluded").count()).isEqualTo(1);
        Timer rejected = timer("payments", "rejected");
        assertThat(rejected.count()).isEqualTo(1);
        assertThat(rejected.totalTime(TimeUnit.NANOSECONDS)).as("rejected calls do not run").isZero();
    }

    @Test
    void aRegistryFilterOnTheNameTagGetsRecordedTimersForTheBreakerItNamesOnly() {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return "payments".equals(id.getTag("name")) && "success".equals(id.getTag("outcome"))
                        ? DistributionStatisticConfig.builder().serviceLevelObjectives(Duration.ofMillis(20).toNanos())
                                .build().merge(config)
                        : config;
            }
        });
        CircuitBreaker payments = factory.getBreaker("payments");
        CircuitBreaker search = factory.getBreaker("search");
        PurgatoryMeterBinder binder = new PurgatoryMeterBinder(factory, List.of());
        binder.bindTo(registry);
        binder.bindTo(registry);

        payments.run(() -> time.advance(Duration.ofMillis(10)));
        search.run(() -> { });

        assertThat(registry.find("purgatory.breaker.calls").tag("name", "payments").timers()).hasSize(4);
        assertThat(timer("payments", "success").takeSnapshot().histogramCounts()).singleElement()
                .satisfies(bucket -> assertThat(bucket.count()).isEqualTo(1.0));
        assertThat(registry.find("purgatory.breaker.calls").tag("name", "search").timers()).isEmpty();
        assertThat(registry.get("purgatory.breaker.calls").tags("name", "search", "outcome", "success").functionTimer()
                .count()).isEqualTo(1.0);
    }

    @Test
    void withoutADistributionTheRegistryKeepsOnlyFunctionTimers() {
        bound("payments").run(() -> { });

        assertThat(registry.find("purgatory.breaker.calls").timers()).isEmpty();
        assertThat(registry.get("purgatory.breaker.calls").tags("name", "payments", "outcome", "success").functionTimer()
                .count()).isEqualTo(1.0);
    }

    @Test
    void recordedCallTimersCoverBreakersCreatedLaterAndCountACallOnceWhenBoundTwice() {
        PurgatoryMeterBinder binder = new PurgatoryMeterBinder(factory, List.of(), true);
        binder.bindTo(registry);
        binder.bindTo(registry);

        factory.getBreaker("late").run(() -> { });

        assertThat(timer("late", "success").count()).isEqualTo(1);
    }

    @Test
    void failuresGaugeShowsTheConsecutiveFailureCount() {
        CircuitBreaker breaker = bound("payments");

        fail(breaker);

        assertThat(registry.get("purgatory.breaker.failures").tag("name", "payments").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void countsAutomaticTransitionsByFromAndTo() {
        CircuitBreaker breaker = bound("payments");

        fail(breaker);
        fail(breaker);
        time.advance(Duration.ofSeconds(11));
        breaker.run(() -> { });

        assertThat(transitions("payments", "closed", "open")).isEqualTo(1.0);
        assertThat(transitions("payments", "open", "half_open")).isEqualTo(1.0);
        assertThat(transitions("payments", "half_open", "closed")).isEqualTo(1.0);
        assertThat(transitions("payments", "half_open", "open")).isZero();
    }

    @Test
    void countsOnlyTheTransitionsThisInstanceMadeWhileTheStateGaugeFollowsTheSharedState() {
        CircuitBreaker breaker = bound("payments");

        store.adopt("payments", CircuitState.OPEN); // another instance opened it: StateChanged(SHARED_STATE)
        assertThat(state("payments", "open")).isEqualTo(1.0);
        assertThat(transitions("payments", "closed", "open")).as("counted by the instance that opened it").isZero();

        time.advance(Duration.ofSeconds(11));
        breaker.run(() -> { }); // this instance's own trial: open -> half_open -> closed
        assertThat(transitions("payments", "open", "half_open")).isEqualTo(1.0);
        assertThat(transitions("payments", "half_open", "closed")).isEqualTo(1.0);

        store.adopt("payments", CircuitState.FORCED_OPEN);
        assertThat(state("payments", "forced_open")).isEqualTo(1.0);
        assertThat(registry.find("purgatory.breaker.transitions").tags("from", "closed", "to", "forced_open")
                .functionCounter()).as("never registered for an adopted change").isNull();
    }

    @Test
    void registersAutomaticTransitionsAtZeroBeforeAnyHappens() {
        bound("payments");

        assertThat(registry.find("purgatory.breaker.transitions").tag("name", "payments").functionCounters())
                .hasSize(4)
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void registersAForcedTransitionWhenItFirstHappens() {
        CircuitBreaker breaker = bound("payments");
        assertThat(registry.find("purgatory.breaker.transitions").tags("from", "closed", "to", "disabled")
                .functionCounter()).isNull();

        breaker.transitionTo(CircuitState.DISABLED);

        assertThat(transitions("payments", "closed", "disabled")).isEqualTo(1.0);
    }

    @Test
    void bindsBreakersCreatedAfterBinding() {
        new PurgatoryMeterBinder(factory, List.of()).bindTo(registry);

        CircuitBreaker late = factory.getBreaker("late");
        late.transitionTo(CircuitState.OPEN);

        assertThat(state("late", "open")).isEqualTo(1.0);
        assertThat(transitions("late", "closed", "open")).isEqualTo(1.0);
    }

    @Test
    void everyMeterHasADescriptionAndTheNameTag() {
        bound("payments");

        List<Meter> meters = registry.getMeters();
        assertThat(meters).isNotEmpty().allSatisfy(meter -> {
            assertThat(meter.getId().getDescription()).isNotBlank();
            assertThat(meter.getId().getTag("name")).isEqualTo("payments");
        });
    }

    @Test
    void addsTheConfiguredTagsToEveryMeter() {
        factory.getBreaker("payments");
        new PurgatoryMeterBinder(factory, List.of(Tag.of("region", "eu"))).bindTo(registry);

        assertThat(registry.getMeters()).isNotEmpty()
                .allSatisfy(meter -> assertThat(meter.getId().getTag("region")).isEqualTo("eu"));
    }

    @Test
    void storeMetersShowDegradationAndCountEpisodes() {
        bound("payments");
        Gauge degraded = registry.get("purgatory.store.degraded").tags("name", "payments", "store", "shared").gauge();
        FunctionCounter errors = registry.get("purgatory.store.errors").tags("name", "payments", "store", "shared")
                .functionCounter();
        assertThat(degraded.value()).isZero();

        store.degrade("payments");
        assertThat(degraded.value()).isEqualTo(1.0);
        store.recover("payments");
        store.degrade("payments");

        assertThat(errors.count()).isEqualTo(2.0);
    }

    @Test
    void bindingToASecondRegistryGivesItTheSameMeters() {
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        PurgatoryMeterBinder binder = new PurgatoryMeterBinder(factory, List.of());
        binder.bindTo(registry);
        binder.bindTo(second);

        factory.getBreaker("late");

        assertThat(second.find("purgatory.breaker.state").tag("name", "late").gauges()).hasSize(5);
        assertThat(registry.find("purgatory.breaker.state").tag("name", "late").gauges()).hasSize(5);
    }

    private double state(String name, String state) {
        return registry.get("purgatory.breaker.state").tags("name", name, "state", state).gauge().value();
    }

    private FunctionTimer calls(String name, String outcome) {
        return registry.get("purgatory.breaker.calls").tags("name", name, "outcome", outcome).functionTimer();
    }

    private Timer timer(String name, String outcome) {
        return registry.get("purgatory.breaker.calls").tags("name", name, "outcome", outcome).timer();
    }

    /**
     * What Boot's management.metrics.distribution.slo.purgatory.breaker.calls adds. An SLO rather than
     * percentiles-histogram, because SimpleMeterRegistry keeps no buckets for the latter.
     */
    private static MeterFilter sloOfCalls(Duration slo) {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return id.getName().equals("purgatory.breaker.calls")
                        ? DistributionStatisticConfig.builder().serviceLevelObjectives(slo.toNanos()).build().merge(config)
                        : config;
            }
        };
    }

    private double transitions(String name, String from, String to) {
        return registry.get("purgatory.breaker.transitions").tags("name", name, "from", from, "to", to)
                .functionCounter().count();
    }

    private static void fail(CircuitBreaker breaker) {
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void windowedBreakersReportTheirRatesAndUnknownBelowTheMinimum() {
        CircuitBreakerFactory windowed = CircuitBreakerFactory.builder().timeSource(time)
                .defaults(CircuitBreakerConfig.builder().threshold(100).window(new io.purgatory.RateWindow(
                        io.purgatory.SlidingWindowType.COUNT_BASED, 10, Duration.ofMinutes(1), 4, 90f, 90f,
                        Duration.ofSeconds(1))).build())
                .build();
        CircuitBreaker breaker = windowed.getBreaker("search");
        new PurgatoryMeterBinder(windowed, List.of()).bindTo(registry);
        breaker.run(() -> { });
        assertThat(registry.get("purgatory.breaker.failure.rate").tag("name", "search").gauge().value()).isNaN();
        assertThat(registry.get("purgatory.breaker.window.calls").tag("name", "search").gauge().value()).isEqualTo(1.0);
        breaker.run(() -> { });
        breaker.run(() -> { });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException();
        })).isInstanceOf(IllegalStateException.class);
        assertThat(registry.get("purgatory.breaker.failure.rate").tag("name", "search").gauge().value()).isEqualTo(25.0);
        assertThat(registry.get("purgatory.breaker.slow.call.rate").tag("name", "search").gauge().value()).isZero();
    }

    @Test
    void breakersWithoutARateConditionHaveNoRateMeters() {
        bound("payments");
        assertThat(registry.find("purgatory.breaker.failure.rate").gauges()).isEmpty();
    }

    @Test
    void aRateConditionAddedAtRuntimeGetsItsMeters() {
        CircuitBreakerFactory inMemory = CircuitBreakerFactory.builder().timeSource(time).build();
        CircuitBreaker breaker = inMemory.getBreaker("payments");
        new PurgatoryMeterBinder(inMemory, List.of()).bindTo(registry);
        assertThat(registry.find("purgatory.breaker.window.calls").gauges()).isEmpty();

        inMemory.reconfigure("payments", breaker.getConfig().toBuilder().threshold(100)
                .window(io.purgatory.RateWindow.builder().countBased(4).minimumCalls(4).failureRateThreshold(50).build())
                .build());
        fail(breaker);

        assertThat(registry.get("purgatory.breaker.window.calls").tag("name", "payments").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("purgatory.breaker.failure.rate").tag("name", "payments").gauge().value()).isNaN();
    }
}
