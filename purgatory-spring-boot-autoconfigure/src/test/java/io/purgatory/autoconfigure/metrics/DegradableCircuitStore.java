package io.purgatory.autoconfigure.metrics;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.store.CircuitSignals;
import io.purgatory.store.CircuitSnapshot;
import io.purgatory.store.CircuitStore;
import io.purgatory.store.InMemoryCircuitStore;
import io.purgatory.store.StoredCircuit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for a shared store whose outages a test switches on and off, reporting them the way
 * a real shared store does (snapshot flag and signals). Thread-safe.
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
        Circuit circuit = new Circuit(local.attach(circuitName, config, time, signals), signals);
        circuits.put(circuitName, circuit);
        return circuit;
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

    private static final class Circuit implements StoredCircuit {

        private final StoredCircuit delegate;
        private final CircuitSignals signals;
        private volatile boolean degraded;

        Circuit(StoredCircuit delegate, CircuitSignals signals) {
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
