package io.purgatory.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitBreakerGroup;
import io.purgatory.CircuitState;
import io.purgatory.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keyed groups publish a fixed set of aggregate meters tagged with the group's name, or per-key meters when asked. */
class GroupMetersTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final CircuitBreakerFactory factory = CircuitBreakerFactory.builder()
            .defaults(CircuitBreakerConfig.builder().threshold(1).ttl(Duration.ofSeconds(10)).build())
            .timeSource(time).build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CircuitBreakerGroup payments = factory.getGroup("payments");

    private void bind(Set<String> perKey) {
        new PurgatoryMeterBinder(factory, List.of(), false, perKey).bindTo(registry);
    }

    private double state(String name, String state) {
        return registry.get("purgatory.breaker.state").tag("name", name).tag("state", state).gauge().value();
    }

    private double calls(String name, String outcome) {
        return registry.get("purgatory.breaker.calls").tag("name", name).tag("outcome", outcome).functionTimer().count();
    }

    private static void fail(io.purgatory.CircuitBreaker breaker) {
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("down");
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stateGaugesCountTheGroupsCircuitsInEachState() {
        bind(Set.of());
        payments.breaker("m1").run(() -> { });
        payments.breaker("m2").run(() -> { });
        fail(payments.breaker("m3"));

        assertThat(state("payments", "closed")).isEqualTo(2.0);
        assertThat(state("payments", "open")).isEqualTo(1.0);
        assertThat(state("payments", "half_open")).isZero();
        assertThat(registry.get(GroupMeters.KEYS).tag("name", "payments").gauge().value()).isEqualTo(3.0);
    }

    @Test
    void callsAndTransitionsAreSummedOverKeysAndNoKeyHasMetersOfItsOwn() {
        payments.breaker("m0"); // created before binding
        bind(Set.of());
        payments.breaker("m1").run(() -> { });
        payments.breaker("m2").run(() -> { });
        fail(payments.breaker("m1"));
        fail(payments.breaker("m2"));

        assertThat(calls("payments", "success")).isEqualTo(2.0);
        assertThat(calls("payments", "failure")).isEqualTo(2.0);
        assertThat(registry.get("purgatory.breaker.transitions").tag("name", "payments").tag("from", "closed")
                .tag("to", "open").functionCounter().count()).isEqualTo(2.0);
        assertThat(registry.getMeters()).extracting(meter -> meter.getId().getTag("name")).containsOnly("payments");
    }

    @Test
    void evictedCircuitsKeepTheirCallsInTheGroupsTotals() {
        bind(Set.of());
        payments.breaker("m1").run(() -> { });
        time.advance(Duration.ofMinutes(10));
        payments.evictIdle();

        assertThat(calls("payments", "success")).isEqualTo(1.0);
        assertThat(registry.get(GroupMeters.EVICTIONS).tag("name", "payments").functionCounter().count()).isEqualTo(1.0);
    }

    @Test
    void theSharedCircuitIsPartOfTheGroupWhicheverWasBoundFirst() {
        factory.getBreaker("payments").run(() -> { }); // the shared circuit, bound as a breaker first
        bind(Set.of());
        assertThat(state("payments", "closed")).isEqualTo(1.0);

        payments.breaker("m1").run(() -> { }); // the group's first key rebinds the name to the aggregate
        fail(payments.breaker("m2"));

        assertThat(state("payments", "closed")).isEqualTo(2.0);
        assertThat(state("payments", "open")).isEqualTo(1.0);
        assertThat(calls("payments", "success")).isEqualTo(2.0);
        assertThat(registry.find("purgatory.breaker.state").tag("name", "payments").gauges()).hasSize(5);
        assertThat(registry.find("purgatory.breaker.calls").tag("name", "payments").meters())
                .hasSize(4).allMatch(meter -> meter instanceof FunctionTimer);
    }

    @Test
    void perKeyGroupsPublishEachKeysOwnMeters() {
        bind(Set.of("payments"));
        payments.breaker("m1").run(() -> { });
        fail(payments.breaker("m2"));

        assertThat(state("payments[m1]", "closed")).isEqualTo(1.0);
        assertThat(state("payments[m2]", "open")).isEqualTo(1.0);
        assertThat(calls("payments[m1]", "success")).isEqualTo(1.0);
        assertThat(registry.get("purgatory.breaker.transitions").tag("name", "payments[m2]").tag("from", "closed").tag("to", "open")
                .functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.find("purgatory.breaker.state").tag("name", "payments").meters()).isEmpty();
    }

    @Test
    void aGroupAddsAFixedNumberOfSeriesHoweverManyKeysItHolds() {
        bind(Set.of());
        payments.breaker("k0").run(() -> { });
        int withOneKey = registry.getMeters().size();
        for (int i = 1; i < 1_000; i++) {
            payments.breaker("k" + i).run(() -> { });
        }
        factory.getGroup("payments").getBreakers().forEach(b -> b.transitionTo(CircuitState.FORCED_OPEN));

        List<Meter> meters = registry.getMeters();
        assertThat(meters.size()).isLessThanOrEqualTo(withOneKey + 2); // the forced transition's counter at most
        assertThat(registry.find("purgatory.breaker.transitions").tag("name", "payments").tag("to", "forced_open")
                .meters()).singleElement().satisfies(m -> assertThat(((FunctionCounter) m).count()).isEqualTo(1_000.0));
    }
}
