package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.FailureCounted;
import io.purgatory.event.StoreDegraded;
import io.purgatory.event.StoreRecovered;
import io.purgatory.store.CircuitSignals;
import io.purgatory.store.CircuitStore;
import io.purgatory.store.InMemoryCircuitStore;
import io.purgatory.store.StoredCircuit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** How the factory wires defaults, overrides, customizers, clock and store into breakers, and the small API around them. */
class FactoryAndStoreWiringTest {

    @Test
    void aDefaultFactoryUsesPurgatoryDefaultsTheSystemClockAndTheMemoryStore() {
        CircuitBreakerFactory factory = new CircuitBreakerFactory();

        assertThat(factory.getDefaults()).isEqualTo(CircuitBreakerConfig.defaults());
        assertThat(factory.getDefaults().threshold()).isEqualTo(5);
        assertThat(factory.getDefaults().ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(factory.getDefaults().halfOpenCalls()).isEqualTo(1);
        assertThat(factory.getStore()).isInstanceOf(InMemoryCircuitStore.class);

        Instant wallBefore = Instant.ofEpochMilli(System.currentTimeMillis());
        CircuitBreaker breaker = factory.getBreaker("plain");
        breaker.open();
        Instant wallAfter = Instant.ofEpochMilli(System.currentTimeMillis());

        assertThat(breaker.isTimed()).isFalse();
        assertThat(breaker.callStart()).as("an untimed breaker reads no clock").isZero();
        assertThat(breaker.getSnapshot().openedAt()).isBetween(wallBefore, wallAfter);
        assertThat(breaker.getName()).isEqualTo("plain");
        assertThat(breaker.getStoreType()).isEqualTo("memory").isEqualTo(InMemoryCircuitStore.TYPE);
        assertThat(breaker).hasToString("CircuitBreaker[plain, OPEN]");
    }

    @Test
    void overridesThenCustomizersShapeEachBreakersConfig() {
        CircuitBreakerConfig special = CircuitBreakerConfig.builder().threshold(2).build();
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder()
                .breaker("special", special)
                .customizer((name, config) -> {
                    if (name.startsWith("s")) {
                        config.halfOpenCalls(3);
                    }
                })
                .build();

        assertThat(factory.getConfiguredNames()).containsExactly("special");
        CircuitBreaker zeta = factory.getBreaker("zeta");
        CircuitBreaker specialBreaker = factory.getBreaker("special");
        CircuitBreaker alpha = factory.getBreaker("alpha");

        assertThat(specialBreaker.getConfig().threshold()).isEqualTo(2);
        assertThat(specialBreaker.getConfig().halfOpenCalls()).isEqualTo(3);
        assertThat(alpha.getConfig()).isEqualTo(CircuitBreakerConfig.defaults());
        assertThat(factory.getBreakers()).containsExactly(alpha, specialBreaker, zeta);
        assertThat(factory.getBreaker("zeta")).isSameAs(zeta);
        assertThat(factory.findBreaker("alpha")).containsSame(alpha);
        assertThat(factory.findBreaker("unknown")).isEmpty();
        assertThat(factory.findBreaker(null)).isEmpty();
    }

    @Test
    void customizersStartFromTheResolvedConfigAndDerivedDefaultsFollowTheirChanges() {
        CircuitBreakerConfig backedOff = CircuitBreakerConfig.builder().halfOpenCalls(3).halfOpenSuccesses(2)
                .backoff(2.0, Duration.ofMinutes(5)).exclude(UnsupportedOperationException.class).build();
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder()
                .breaker("explicit", backedOff)
                .customizer((name, config) -> config.ttl(Duration.ofSeconds(10))
                        .clearExclude()
                        .exclude(List.of(ExcludeRule.of(IllegalStateException.class)))
                        .excludeFirst(List.of(ExcludeRule.of(IllegalArgumentException.class)))
                        .halfOpenCalls(name.equals("derived") ? 2 : 3))
                .build();

        CircuitBreakerConfig explicit = factory.getBreaker("explicit").getConfig();
        CircuitBreakerConfig derived = factory.getBreaker("derived").getConfig();

        assertThat(explicit.halfOpenSuccesses()).as("explicit value kept").isEqualTo(2);
        assertThat(explicit.maxTtl()).as("explicit value kept").isEqualTo(Duration.ofMinutes(5));
        assertThat(explicit.exclude()).extracting(ExcludeRule::type)
                .containsExactly(IllegalArgumentException.class, IllegalStateException.class);
        assertThat(derived.halfOpenSuccesses()).as("default follows halfOpenCalls").isEqualTo(2);
        assertThat(derived.maxTtl()).as("default follows ttl").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void invalidNamesAreRejectedWithAClearMessage() {
        CircuitBreakerFactory factory = new CircuitBreakerFactory();
        String longest = "n".repeat(200);

        assertThat(factory.getBreaker(longest).getName()).isEqualTo(longest);
        assertThatIllegalArgumentException().isThrownBy(() -> factory.getBreaker(longest + "n"))
                .withMessageContaining("at most 200").withMessageContaining("201");
        assertThatIllegalArgumentException().isThrownBy(() -> factory.getBreaker(" "))
                .withMessageContaining("blank").withMessageContaining("' '");
        assertThatIllegalArgumentException().isThrownBy(() -> factory.getBreaker("a\nb"))
                .withMessageContaining("control characters").withMessageContaining("'a?b'");
        assertThatIllegalArgumentException().isThrownBy(() -> CircuitBreakerFactory.builder()
                .breaker("", CircuitBreakerConfig.defaults())).withMessageContaining("blank");
    }

    @Test
    void decoratorsRunThroughTheBreaker() throws Exception {
        CircuitBreaker breaker = new CircuitBreakerFactory().getBreaker("decorated");
        Supplier<String> supplier = breaker.decorateSupplier(() -> "supplied");
        java.util.concurrent.Callable<String> callable = breaker.decorateCallable(() -> "called");

        assertThat(supplier.get()).isEqualTo("supplied");
        assertThat(callable.call()).isEqualTo("called");
        breaker.open();
        assertThatThrownBy(supplier::get).isInstanceOf(CircuitOpenException.class);
        assertThatThrownBy(callable::call).isInstanceOf(CircuitOpenException.class);
        assertThat(breaker.getStatistics().count(CallOutcome.REJECTED)).isEqualTo(2);
    }

    @Test
    void anExcludePredicateThatThrowsCountsTheFailureAndKeepsTheCallersException() {
        List<CircuitBreakerEvent> events = new ArrayList<>();
        CircuitBreaker breaker = CircuitBreakerFactory.builder()
                .defaults(CircuitBreakerConfig.builder().exclude(IllegalArgumentException.class, e -> {
                    throw new IllegalStateException("predicate bug");
                }).build())
                .listener(events::add)
                .build()
                .getBreaker("predicate");
        IllegalArgumentException failure = new IllegalArgumentException("body");

        try (CapturedLog log = CapturedLog.of(CircuitBreaker.class.getName())) {
            assertThat(catchThrowable(() -> breaker.run(() -> {
                throw failure;
            }))).isSameAs(failure);
            assertThat(log.records()).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
                assertThat(record.getMessage()).contains("predicate").contains("counting it as a failure");
                assertThat(record.getThrown()).hasMessage("predicate bug");
            });
        }
        assertThat(breaker.isExcluded(failure)).isFalse();
        assertThat(events).contains(new FailureCounted("predicate", 1));
    }

    @Test
    void unwrapRemovesOnlyTheJdkWrappersThatHaveACause() {
        IllegalStateException root = new IllegalStateException("root", new RuntimeException("its own cause"));
        CompletionException causeless = new CompletionException("no cause", null);

        assertThat(CircuitPermits.unwrap(new ExecutionException(new CompletionException(root)))).isSameAs(root);
        assertThat(CircuitPermits.unwrap(root)).isSameAs(root);
        assertThat(CircuitPermits.unwrap(causeless)).isSameAs(causeless);
        assertThat(CircuitPermits.unwrap(new CompletionException(causeless))).isSameAs(causeless);
    }

    @Test
    void storeSignalsBecomeEventsNamingTheStore() {
        List<CircuitSignals> attached = new ArrayList<>();
        CircuitStore store = new CircuitStore() {
            @Override
            public String type() {
                return "custom";
            }

            @Override
            public StoredCircuit attach(String name, CircuitBreakerConfig config, TimeSource time, CircuitSignals signals) {
                attached.add(signals);
                return new InMemoryCircuitStore().attach(name, config, time, signals);
            }
        };
        List<CircuitBreakerEvent> events = new ArrayList<>();
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder().store(store).build();
        CircuitBreaker breaker = factory.getBreaker("shared");
        factory.addListener(events::add);

        attached.get(0).storeDegraded("connection refused");
        attached.get(0).storeRecovered();

        assertThat(factory.getStore()).isSameAs(store);
        assertThat(breaker.getStoreType()).isEqualTo("custom");
        assertThat(events).containsExactly(
                new StoreDegraded("shared", "custom", "connection refused"),
                new StoreRecovered("shared", "custom"));
    }

    @Test
    void aStoreOfYourOwnGetsTheOpeningTimeAndRatesFromTheSnapshotByDefault() {
        ManualTimeSource clock = new ManualTimeSource();
        io.purgatory.store.CircuitStore wrapping = new io.purgatory.store.CircuitStore() {
            private final InMemoryCircuitStore memory = new InMemoryCircuitStore();

            @Override
            public String type() {
                return "wrapping";
            }

            @Override
            public io.purgatory.store.StoredCircuit attach(String name, CircuitBreakerConfig config, TimeSource time,
                    io.purgatory.store.CircuitSignals signals) {
                io.purgatory.store.StoredCircuit inner = memory.attach(name, config, time, signals);
                // Only the required methods: openedAtMillis() and rates() keep their defaults.
                return new io.purgatory.store.StoredCircuit() {
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
        CircuitBreaker breaker = CircuitBreakerFactory.builder().store(wrapping).timeSource(clock).build().getBreaker("own");
        assertThat(breaker.openException().getOpenedAt()).isNull();
        assertThat(breaker.getRates()).isEqualTo(CircuitRates.NONE);
        breaker.transitionTo(CircuitState.FORCED_OPEN);
        assertThat(breaker.openException().getOpenedAt()).isEqualTo(Instant.ofEpochMilli(clock.currentTimeMillis()));
    }

    @Test
    void theSystemTimeSourceReadsTheJvmClocks() {
        long before = System.nanoTime();
        long read = TimeSource.system().nanoTime();
        assertThat(read).isBetween(before, System.nanoTime());
        assertThat(TimeSource.system().currentTimeMillis()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(1_000L));
    }
}
