package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.event.BreakerCreated;
import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.FailureCounted;
import io.purgatory.event.StateChanged;
import io.purgatory.event.TransitionCause;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keyed circuits: one circuit per key, configured like the group, bounded by max-keys and the idle timeout. */
class CircuitBreakerGroupTest {

    private static final RuntimeException BOOM = new IllegalStateException("boom");

    private final ManualTimeSource clock = new ManualTimeSource();
    private final RecordingListener listener = new RecordingListener();

    private CircuitBreakerFactory factory(CircuitBreakerConfig paymentsConfig) {
        return CircuitBreakerFactory.builder().timeSource(clock).listener(listener)
                .breaker("payments", paymentsConfig).build();
    }

    private CircuitBreakerGroup payments(int maxKeys, Duration idle) {
        return factory(CircuitBreakerConfig.builder().threshold(2).ttl(Duration.ofSeconds(10)).maxKeys(maxKeys)
                .keyIdleTimeout(idle).build()).getGroup("payments");
    }

    private static void fail(CircuitBreaker breaker) {
        assertThatThrownBy(() -> breaker.run(() -> {
            throw BOOM;
        })).isSameAs(BOOM);
    }

    @Test
    void eachKeyHasItsOwnCircuitConfiguredLikeTheGroup() {
        CircuitBreakerFactory factory = factory(CircuitBreakerConfig.builder().threshold(2).build());
        CircuitBreakerGroup group = factory.getGroup("payments");

        CircuitBreaker m1 = group.breaker("m1");
        fail(m1);
        fail(m1);

        assertThat(m1.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(group.breaker("m2").getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(m1.getConfig().threshold()).isEqualTo(2);
        assertThat(m1.getName()).isEqualTo("payments[m1]");
        assertThat(m1.getGroup()).isEqualTo("payments");
        assertThat(m1.getKey()).isEqualTo("m1");
        assertThat(group.breaker("m1")).isSameAs(m1);
        assertThat(factory.getBreaker("payments", "m1")).isSameAs(m1);
        assertThat(factory.getGroup("payments")).isSameAs(group);
        assertThat(factory.findBreaker("payments[m1]")).as("keyed circuits are not plain breakers").isEmpty();
        assertThat(group.getStateCounts()).containsEntry(CircuitState.OPEN, 1).containsEntry(CircuitState.CLOSED, 1);
    }

    @Test
    void rejectionOfAKeyedCircuitNamesTheKeyedCircuit() {
        CircuitBreakerGroup group = payments(10, Duration.ofMinutes(10));
        CircuitBreaker m1 = group.breaker("m1");
        fail(m1);
        fail(m1);

        assertThatThrownBy(() -> group.breaker("m1").run(() -> { }))
                .isInstanceOf(CircuitOpenException.class).hasMessage("Circuit payments[m1] is open");
    }

    @Test
    void eventsOfKeyedCircuitsCarryTheGroupAndTheKey() {
        CircuitBreakerGroup group = payments(10, Duration.ofMinutes(10));
        CircuitBreaker m1 = group.breaker("m1");
        fail(m1);
        fail(m1);

        List<CircuitBreakerEvent> events = listener.drainNumbered();
        assertThat(events).first().isEqualTo(new BreakerCreated("payments[m1]", m1.getConfig(), "payments", "m1"));
        assertThat(events).allSatisfy(event -> {
            assertThat(event.group()).isEqualTo("payments");
            assertThat(event.key()).isEqualTo("m1");
        });
        assertThat(events).contains(new FailureCounted("payments[m1]", 1, "payments", "m1"),
                new StateChanged("payments[m1]", CircuitState.CLOSED, CircuitState.OPEN,
                        TransitionCause.CONSECUTIVE_FAILURES, 1, "payments", "m1"));
    }

    @Test
    void eventsOfPlainBreakersNameTheirOwnGroupAndNoKey() {
        CircuitBreakerFactory factory = factory(CircuitBreakerConfig.defaults());
        factory.getBreaker("inventory");

        assertThat(listener.drainNumbered()).singleElement().satisfies(event -> {
            assertThat(event.group()).isEqualTo("inventory");
            assertThat(event.key()).isNull();
            assertThat(event).isEqualTo(new BreakerCreated("inventory", CircuitBreakerConfig.defaults()));
        });
    }

    @Test
    void nullKeyUsesTheGroupsSharedCircuitTheBreakerNamedLikeTheGroup() {
        CircuitBreakerFactory factory = factory(CircuitBreakerConfig.defaults());
        CircuitBreakerGroup group = factory.getGroup("payments");

        CircuitBreaker shared = group.breaker(null);

        assertThat(shared).isSameAs(factory.getBreaker("payments")).isSameAs(group.getSharedBreaker());
        assertThat(shared.getKey()).isNull();
        assertThat(group.size()).isZero();
    }

    @Test
    void keyThatMakesAnInvalidCircuitNameIsRefused() {
        CircuitBreakerGroup group = payments(10, Duration.ofMinutes(10));

        assertThatThrownBy(() -> group.breaker("line\nbreak")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> group.breaker("k".repeat(CircuitNames.MAX_LENGTH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 200 characters");
        assertThat(group.size()).isZero();
    }

    @Test
    void idleClosedCircuitIsEvictedAfterTheIdleTimeout() {
        CircuitBreakerGroup group = payments(10, Duration.ofMinutes(10));
        CircuitBreaker first = group.breaker("m1");

        clock.advance(Duration.ofMinutes(10));

        assertThat(group.evictIdle()).isEqualTo(1);
        assertThat(group.findBreaker("m1")).isEmpty();
        assertThat(group.breaker("m1")).as("a fresh circuit").isNotSameAs(first);
        assertThat(group.getEvictionCount()).isEqualTo(1);
    }

    @Test
    void circuitUsedWithinTheIdleTimeoutIsKept() {
        CircuitBreakerGroup group = payments(10, Duration.ofMinutes(10));
        CircuitBreaker m1 = group.breaker("m1");

        clock.advance(Duration.ofMinutes(9));
        group.breaker("m1").run(() -> { });
        clock.advance(Duration.ofMinutes(9));

        assertThat(group.evictIdle()).isZero();
        assertThat(group.breaker("m1")).isSameAs(m1);
        clock.advance(Duration.ofMinutes(9)); // used 9 minutes ago, seen by the sweep 9 minutes ago
        assertThat(group.evictIdle()).isZero();
        clock.advance(Duration.ofMinutes(10));
        assertThat(group.evictIdle()).isEqualTo(1);
    }

    @Test
    void idleCircuitsAreSweptWhenANewKeyArrives() {
        CircuitBreakerGroup group = payments(10, Duration.ofMinutes(10));
        group.breaker("m1");
        clock.advance(Duration.ofMinutes(10));

        group.breaker("m2");

        assertThat(group.findBreaker("m1")).isEmpty();
        assertThat(group.findBreaker("m2")).isPresent();
    }

    @Test
    void openCircuitIsNeverEvictedBeforeItsOpenPeriodEnds() {
        CircuitBreakerGroup group = payments(10, Duration.ofSeconds(1));
        CircuitBreaker m1 = group.breaker("m1");
        fail(m1);
        fail(m1);

        clock.advance(Duration.ofSeconds(9)); // idle long past the timeout, but open for 10 s
        assertThat(group.evictIdle()).isZero();
        assertThat(group.findBreaker("m1")).containsSame(m1);
        assertThat(m1.getState()).isEqualTo(CircuitState.OPEN);

        clock.advance(Duration.ofSeconds(2)); // open period over, idle for longer than the timeout
        assertThat(group.evictIdle()).isEqualTo(1);
    }

    @Test
    void halfOpenAndForcedCircuitsAreNeverEvicted() {
        CircuitBreakerGroup group = payments(10, Duration.ofSeconds(1));
        group.breaker("half").transitionTo(CircuitState.HALF_OPEN);
        group.breaker("forced").transitionTo(CircuitState.FORCED_OPEN);
        group.breaker("disabled").transitionTo(CircuitState.DISABLED);

        clock.advance(Duration.ofHours(1));

        assertThat(group.evictIdle()).isZero();
        assertThat(group.size()).isEqualTo(3);
    }

    @Test
    void pastMaxKeysTheLeastRecentlyUsedClosedCircuitGoes() {
        CircuitBreakerGroup group = payments(3, Duration.ofMinutes(10));
        group.breaker("a");
        clock.advance(Duration.ofSeconds(1));
        group.breaker("b");
        clock.advance(Duration.ofSeconds(1));
        group.breaker("c");
        clock.advance(Duration.ofSeconds(1));
        group.evictIdle(); // a sweep sees a, b and c unused since they were created
        group.breaker("a").run(() -> { }); // a is now the most recently used

        CircuitBreaker d = group.breaker("d");

        assertThat(d.getKey()).isEqualTo("d");
        assertThat(group.findBreaker("b")).as("least recently used").isEmpty();
        assertThat(group.findBreaker("a")).isPresent();
        assertThat(group.findBreaker("c")).isPresent();
        assertThat(group.size()).isEqualTo(3);
        assertThat(group.getOverflowCount()).isZero();
    }

    @Test
    void whenNoCircuitCanBeEvictedANewKeyUsesTheSharedCircuit() {
        CircuitBreakerFactory factory = factory(CircuitBreakerConfig.builder().threshold(1).maxKeys(2).build());
        CircuitBreakerGroup group = factory.getGroup("payments");
        fail(group.breaker("a"));
        fail(group.breaker("b"));

        CircuitBreaker overflow = group.breaker("c");

        assertThat(overflow).isSameAs(factory.getBreaker("payments"));
        assertThat(group.findBreaker("c")).isEmpty();
        assertThat(group.size()).isEqualTo(2);
        assertThat(group.getOverflowCount()).isEqualTo(1);

        group.breaker("a").reset(); // a can go now
        assertThat(group.breaker("c").getKey()).isEqualTo("c");
        assertThat(group.findBreaker("a")).isEmpty();
    }

    @Test
    void groupCallTotalsSumEveryKeyAndKeepTheCallsOfEvictedCircuits() {
        CircuitBreakerGroup group = payments(10, Duration.ofMinutes(10));
        group.breaker("m1").run(() -> { });
        group.breaker("m2").run(() -> { });
        fail(group.breaker("m2"));
        assertThat(group.getCallCount(CallOutcome.SUCCESS)).isEqualTo(2);

        group.evictIdle(); // sees m2's last lookup
        clock.advance(Duration.ofMinutes(10));
        assertThat(group.evictIdle()).isEqualTo(2);

        assertThat(group.getCallCount(CallOutcome.SUCCESS)).isEqualTo(2);
        assertThat(group.getCallCount(CallOutcome.FAILURE)).isEqualTo(1);
        group.breaker("m1").run(() -> { });
        assertThat(group.getCallCount(CallOutcome.SUCCESS)).isEqualTo(3);
    }

    @Test
    void reconfiguringAGroupChangesEveryKeyAndLaterKeysAndKeepsTheirState() {
        CircuitBreakerFactory factory = factory(CircuitBreakerConfig.builder().threshold(2).build());
        CircuitBreakerGroup group = factory.getGroup("payments");
        CircuitBreaker open = group.breaker("open");
        fail(open);
        fail(open);
        CircuitBreaker counting = group.breaker("counting");
        fail(counting);
        listener.drainNumbered();

        assertThat(factory.reconfigure("payments", CircuitBreakerConfig.builder().threshold(4).build())).isTrue();

        assertThat(open.getState()).as("an open period in progress is kept").isEqualTo(CircuitState.OPEN);
        assertThat(open.getConfig().threshold()).isEqualTo(4);
        assertThat(counting.getConsecutiveFailures()).isEqualTo(1);
        fail(counting);
        fail(counting);
        assertThat(counting.getState()).as("3 failures: below the new threshold").isEqualTo(CircuitState.CLOSED);
        assertThat(group.breaker("later").getConfig().threshold()).isEqualTo(4);
        assertThat(group.getConfig().threshold()).isEqualTo(4);
        assertThat(listener.drainNumbered()).filteredOn(event -> event instanceof io.purgatory.event.ConfigChanged)
                .extracting(io.purgatory.event.CircuitBreakerEvent::key)
                .as("one ConfigChanged per keyed circuit, carrying its key").containsExactlyInAnyOrder("open", "counting");
        assertThat(factory.reconfigureDefaults(CircuitBreakerConfig.builder().threshold(9).build()))
                .as("the group keeps its override").doesNotContain("payments");
    }

    @Test
    void eachGroupUsesItsOwnOverrideAndDefaultsOtherwise() {
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder().timeSource(clock)
                .defaults(CircuitBreakerConfig.builder().threshold(7).maxKeys(50).build())
                .breaker("payments", CircuitBreakerConfig.builder().threshold(3).maxKeys(5).build())
                .build();

        assertThat(factory.getGroup("payments").getConfig().maxKeys()).isEqualTo(5);
        assertThat(factory.getBreaker("payments", "k").getConfig().threshold()).isEqualTo(3);
        assertThat(factory.getGroup("hosts").getConfig().maxKeys()).isEqualTo(50);
        assertThat(factory.getBreaker("hosts", "k").getConfig().threshold()).isEqualTo(7);
        assertThat(factory.getGroups()).extracting(CircuitBreakerGroup::getName).containsExactly("hosts", "payments");
        assertThat(factory.findGroup("nope")).isEmpty();
    }

    @Test
    void invalidGroupSettingsAreRefusedWithTheirNameAndValue() {
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().maxKeys(0).build())
                .hasMessage("maxKeys must be at least 1, but was 0");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().keyIdleTimeout(Duration.ZERO).build())
                .hasMessage("keyIdleTimeout must be positive, but was PT0S");
    }

    @Test
    void lookingUpAnExistingKeyAllocatesNothing() {
        // No listener: a recording listener asks for an event per call.
        CircuitBreakerGroup group = CircuitBreakerFactory.builder().build().getGroup("payments");
        group.breaker("m1");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 100_000; i++) { // warm up, so that the JIT's own work is not counted
            group.breaker("m1").run(Runnables.NOTHING);
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 100_000; i++) {
            group.breaker("m1").run(Runnables.NOTHING);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;

        assertThat(allocated).as("bytes allocated by 100,000 keyed calls").isLessThan(1_000);
    }

    /** A body that does nothing, shared so that the loop allocates no lambda. */
    private static final class Runnables {
        static final Runnable NOTHING = () -> { };
    }
}
