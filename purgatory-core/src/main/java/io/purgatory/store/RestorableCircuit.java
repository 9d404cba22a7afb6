package io.purgatory.store;

import io.purgatory.CircuitState;

/**
 * A circuit kept in this JVM that can be put into a known state without reporting it: what a remote
 * store falls back to while it is unreachable, seeded with the last state it shared. Thread-safe.
 *
 * <p>Obtained from {@link InMemoryCircuitStore#attach}; a store of your own needs nothing else from
 * Purgatory's internals to offer the same local fallback as the Redis store.
 */
public interface RestorableCircuit extends StoredCircuit {

    /**
     * Enters a state silently (no signal is sent) and empties any sliding window.
     *
     * @param target the state to enter
     * @param failures the consecutive failure count (CLOSED only)
     * @param openedAtMillis when the circuit opened, epoch milliseconds (OPEN only)
     * @param openDeadlineNanos when the open period ends, on this circuit's time source (OPEN only)
     * @param reopenings re-openings since the circuit last closed (OPEN only; drives back-off)
     */
    void restore(CircuitState target, int failures, long openedAtMillis, long openDeadlineNanos, int reopenings);
}
