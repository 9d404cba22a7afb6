package io.purgatory.redis;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.event.TransitionCause;
import io.purgatory.store.CircuitSignals;
import io.purgatory.store.InMemoryCircuitStore;
import io.purgatory.store.RestorableCircuit;

/**
 * The local breaker one circuit falls back to while Redis is unavailable. Thread-safe.
 *
 * <p>It is not fed while Redis is healthy (the hot path stays a single cached read), and its
 * signals are muted then, so every logical transition is reported once: by the shared state while
 * healthy, by this breaker while degraded. When an episode starts it is seeded with the last shared
 * state: the failure count of a CLOSED circuit, the remainder of an OPEN circuit's open period.
 */
final class LocalFallback {

    private final MutableSignals gate;
    private final RestorableCircuit circuit;

    LocalFallback(String circuitName, CircuitBreakerConfig config, TimeSource time, CircuitSignals signals) {
        this.gate = new MutableSignals(signals);
        this.circuit = new InMemoryCircuitStore().attach(circuitName, config, time, gate);
    }

    /**
     * Returns the local breaker.
     *
     * @return the local state machine
     */
    RestorableCircuit circuit() {
        return circuit;
    }

    /**
     * Gives the local breaker new settings, keeping its state.
     *
     * @param config the breaker's new settings
     */
    void reconfigure(CircuitBreakerConfig config) {
        circuit.reconfigure(config);
    }

    /**
     * Takes over from the shared state, silently entering it, then reports its own decisions.
     *
     * @param shared the last shared state
     * @param failures the consecutive failures to start from: the shared count and those not yet sent
     */
    void activate(SharedSnapshot shared, int failures) {
        gate.muted = true;
        circuit.restore(shared.state(), failures, shared.openedAtMillis(), shared.openDeadlineNanos(),
                shared.reopenings());
        gate.muted = false;
    }

    /** Hands back to the shared state; from now on this breaker reports nothing. */
    void deactivate() {
        gate.muted = true;
    }

    /** Forwards signals unless muted. */
    private static final class MutableSignals implements CircuitSignals {

        private final CircuitSignals target;
        volatile boolean muted = true;

        MutableSignals(CircuitSignals target) {
            this.target = target;
        }

        @Override
        public void failureCounted(int consecutiveFailures) {
            if (!muted) {
                target.failureCounted(consecutiveFailures);
            }
        }

        @Override
        public void recovered() {
            if (!muted) {
                target.recovered();
            }
        }

        @Override
        public void stateChanged(CircuitState from, CircuitState to, TransitionCause cause) {
            if (!muted) {
                target.stateChanged(from, to, cause);
            }
        }

        @Override
        public void storeDegraded(String reason) {
            target.storeDegraded(reason);
        }

        @Override
        public void storeRecovered() {
            target.storeRecovered();
        }
    }
}
