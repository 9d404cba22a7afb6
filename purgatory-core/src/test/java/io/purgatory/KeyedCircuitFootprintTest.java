package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.StateChanged;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A keyed circuit is lean (issue 14: a million of them in 200 MB), and still the full breaker: its name,
 * events and statistics are those of a plain breaker. Creation is measured with the JVM's per-thread
 * allocation counter, which counts what a circuit keeps plus what its creation throws away.
 */
class KeyedCircuitFootprintTest {

    private static final int KEYS = 20_000;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void creatingAKeyedCircuitAllocatesLessThan420Bytes() {
        assumeThat(ManagementFactory.getThreadMXBean()).isInstanceOf(com.sun.management.ThreadMXBean.class);
        CircuitBreakerGroup group = CircuitBreakerFactory.builder()
                .breaker("keyed", CircuitBreakerConfig.builder().maxKeys(Integer.MAX_VALUE).build())
                .timeSource(new ManualTimeSource())
                .build().getGroup("keyed");
        String[] keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "merchant-" + i;
            group.breaker("warm-up-" + i); // classes loaded, the map's table grown past these keys
        }
        long before = allocatedBytes();
        for (String key : keys) {
            group.breaker(key);
        }
        long perCircuit = (allocatedBytes() - before) / KEYS;

        // Before issue 14's lean circuits: 789 B (525 B kept; garbage: the name built three times, the event, the
        // map's growth). After: about 400 B, of which about 195 B kept.
        assertThat(perCircuit).as("bytes allocated per keyed circuit").isLessThan(420);
    }

    @Test
    void aKeyedCircuitNamesItselfAndItsEventsLikeBefore() {
        List<CircuitBreakerEvent> events = new ArrayList<>();
        ManualTimeSource clock = new ManualTimeSource();
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder().timeSource(clock).listener(events::add)
                .defaults(CircuitBreakerConfig.builder().threshold(1).build()).build();
        CircuitBreaker circuit = factory.getBreaker("payments", "m1");

        assertThatThrownBy(() -> circuit.run(() -> {
            throw new IllegalStateException("down");
        })).hasMessage("down");

        assertThat(circuit.getName()).isEqualTo("payments[m1]");
        assertThat(circuit.getGroup()).isEqualTo("payments");
        assertThat(circuit.getKey()).isEqualTo("m1");
        assertThat(circuit.getStoreType()).isEqualTo("memory");
        assertThat(circuit.getStatistics().count(CallOutcome.FAILURE)).isEqualTo(1);
        StateChanged opened = events.stream().filter(StateChanged.class::isInstance).map(StateChanged.class::cast)
                .findFirst().orElseThrow();
        assertThat(opened.circuitName()).isEqualTo("payments[m1]");
        assertThat(opened.group()).isEqualTo("payments");
        assertThat(opened.key()).isEqualTo("m1");
        assertThat(opened.to()).isEqualTo(CircuitState.OPEN);
    }
}
