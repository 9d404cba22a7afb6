package io.purgatory.autoconfigure.metrics;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.event.TransitionCause;
import io.purgatory.store.CircuitSignals;
import io.purgatory.store.CircuitSnapshot;
import io.purgatory.store.CircuitStore;
import io.purgatory.store.InMemoryCircuitStore;
import io.purgatory.store.StoredCircuit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for a shared store whose outages a test switches on and off, and whose state another
 * instance can change, reporting both the way a real shared store does (snapshot flag and signals).
 * Thread-safe.
 */
public final class DegradableCircuitStore implements CircuitStore {

    private final InMemoryCircuitStore local = new InMemoryCircuitStore();
    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "shared";
    }

    @Override
    public StoredCircuit attach(String circuitName, CircuitBreakerConfig config, TimeSource time,
            CircuitSignals signals) {
        AdoptingSignals adopting = new AdoptingSignals(signals);
        Circuit circuit = new Circuit(local.attach(circuitName, config, time, adopting), adopting);
        circuits.put(circuitName, circuit);
        return circuit;
    }

    /**
     * Another instance moved the circuit to {@code state}: this instance adopts it and reports the
     * change with cause {@link TransitionCause#SHARED_STATE}, as the Redis store does.
     */
    public void adopt(String circuitName, CircuitState state) {
        Circuit circuit = circuits.get(circuitName);
        circuit.signals.adopting = true;
        try {
            circuit.delegate.transitionTo(state);
        } finally {
            circuit.signals.adopting = false;
        }
    }

    public void degrade(String circuitName) {
        Circuit circuit = circuits.get(circuitName);
        circuit.degraded = true;
        circuit.signals.storeDegraded("connection refused");
    }

    public void recover(String circuitName) {
        Circuit circuit = circuits.get(circuitName);
        circuit.degraded = false;
        circuit.signals.storeRecovered();
    }

    /** Passes signals on, reporting state changes as adopted while {@link #adopt} runs. */
    private static final class AdoptingSignals implements CircuitSignals {

        private final CircuitSignals delegate;
        private volatile boolean adopting;

        AdoptingSignals(CircuitSignals delegate) {
            this.delegate = delegate;
        }

        @Override
        public void failureCounted(int consecutiveFailures) {
            delegate.failureCounted(consecutiveFailures);
        }

        @Override
        public void recovered() {
            delegate.recovered();
        }

        @Override
        public void stateChanged(CircuitState from, CircuitState to, TransitionCause cause) {
            delegate.stateChanged(from, to, adopting ? TransitionCause.SHARED_STATE : cause);
        }

        @Override
        public void storeDegraded(String reason) {
            delegate.storeDegraded(reason);
        }

        @Override
        public void storeRecovered() {
            delegate.storeRecovered();
        }
    }

    private static final class Circuit implements StoredCircuit {

        private final StoredCircuit delegate;
        private final AdoptingSignals signals;
        private volatile boolean degraded;

        Circuit(StoredCircuit delegate, AdoptingSignals signals) {
            this.delegate = delegate;
            this.signals = signals;
        }

        @Override
        public long acquire() {
            return delegate.acquire();
        }

        @Override
        public void onSuccess(long permit, long durationNanos) {
            delegate.onSuccess(permit, durationNanos);
        }

        @Override
        public void onFailure(long permit, long durationNanos) {
            delegate.onFailure(permit, durationNanos);
        }

        @Override
        public void release(long permit) {
            delegate.release(permit);
        }

        @Override
        public void transitionTo(CircuitState target) {
            delegate.transitionTo(target);
        }

        @Override
        public CircuitSnapshot snapshot() {
            CircuitSnapshot s = delegate.snapshot();
            return new CircuitSnapshot(s.state(), s.consecutiveFailures(), s.openedAt(), s.openPeriod(),
                    s.trialsInFlight(), s.reopenings(), s.version(), degraded);
        }

        @Override
        public CircuitState state() {
            return delegate.state();
        }

        @Override
        public int consecutiveFailures() {
            return delegate.consecutiveFailures();
        }
    }
}
