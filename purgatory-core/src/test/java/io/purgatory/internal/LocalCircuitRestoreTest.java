package io.purgatory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.event.TransitionCause;
import io.purgatory.store.CircuitSignals;
import io.purgatory.store.StoredCircuit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A local circuit standing in for a shared store takes over its state silently and exactly. */
class LocalCircuitRestoreTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final TimeSource time = new TimeSource() {
        @Override
        public long nanoTime() {
            return nanos.get();
        }

        @Override
        public long currentTimeMillis() {
            return 1_700_000_000_000L + nanos.get() / 1_000_000;
        }
    };
    private final List<String> signals = new ArrayList<>();
    private final LocalCircuit circuit = new LocalCircuit(
            CircuitBreakerConfig.builder().threshold(3).ttl(Duration.ofSeconds(30)).build(), time, new CircuitSignals() {
                @Override
                public void failureCounted(int consecutiveFailures) {
                    signals.add("failed " + consecutiveFailures);
                }

                @Override
                public void recovered() {
                    signals.add("recovered");
                }

                @Override
                public void stateChanged(CircuitState from, CircuitState to, TransitionCause cause) {
                    signals.add(from + "->" + to);
                }

                @Override
                public void storeDegraded(String reason) {
                }

                @Override
                public void storeRecovered() {
                }
            });

    @Test
    void anOpenCircuitKeepsTheRestOfItsOpenPeriod() {
        long deadline = nanos.get() + Duration.ofSeconds(2).toNanos();
        circuit.restore(CircuitState.OPEN, 0, 1_700_000_000_000L, deadline, 0);
        assertThat(signals).isEmpty();
        assertThat(circuit.acquire()).isEqualTo(StoredCircuit.REJECTED);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos() + 1);
        assertThat(circuit.acquire()).as("a trial 2 s later, not 30 s").isPositive();
        assertThat(circuit.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(circuit.openedAtMillis()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void aClosedCircuitKeepsItsFailureCount() {
        circuit.restore(CircuitState.CLOSED, 2, 0, 0, 0);
        assertThat(circuit.consecutiveFailures()).isEqualTo(2);
        circuit.onFailure(StoredCircuit.NORMAL_PERMIT, 0);
        assertThat(circuit.state()).isEqualTo(CircuitState.OPEN);
        assertThat(signals).containsExactly("failed 3", "CLOSED->OPEN");
    }

    @Test
    void manualStatesAreTakenOverAsTheyAre() {
        circuit.restore(CircuitState.FORCED_OPEN, 0, 0, 0, 0);
        assertThat(circuit.state()).isEqualTo(CircuitState.FORCED_OPEN);
        circuit.restore(CircuitState.CLOSED, 0, 0, 0, 0);
        assertThat(circuit.consecutiveFailures()).isZero();
        assertThat(signals).isEmpty();
    }

    @Test
    void theSlidingWindowStartsEmpty() {
        LocalCircuit windowed = new LocalCircuit(CircuitBreakerConfig.builder().threshold(100)
                .window(new io.purgatory.RateWindow(io.purgatory.SlidingWindowType.COUNT_BASED, 10, Duration.ofMinutes(1), 5,
                        50f, 0f, Duration.ofSeconds(1))).build(), time, new Silent());
        windowed.onFailure(StoredCircuit.NORMAL_PERMIT, 0);
        windowed.onSuccess(StoredCircuit.NORMAL_PERMIT, 0);
        windowed.restore(CircuitState.CLOSED, 1, 0, 0, 0);
        assertThat(windowed.rates().calls()).isZero();
        assertThat(windowed.consecutiveFailures()).isEqualTo(1);
    }

    /** Signals nobody listens to. */
    static final class Silent implements CircuitSignals {
        @Override
        public void failureCounted(int consecutiveFailures) {
        }

        @Override
        public void recovered() {
        }

        @Override
        public void stateChanged(CircuitState from, CircuitState to, TransitionCause cause) {
        }

        @Override
        public void storeDegraded(String reason) {
        }

        @Override
        public void storeRecovered() {
        }
    }
}
