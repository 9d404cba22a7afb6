package io.purgatory.autoconfigure.metrics;

import io.purgatory.CircuitState;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of one breaker's rare events that the core does not total itself: transitions per
 * (from, to) pair and store outages. Thread-safe; updated by a listener, read by meters.
 */
final class BreakerEventCounts {

    private static final int STATES = CircuitState.values().length;

    private final AtomicLongArray transitions = new AtomicLongArray(STATES * STATES);
    private final LongAdder storeErrors = new LongAdder();

    /**
     * Counts one transition.
     *
     * @return the new count of this pair, so that the caller registers a meter when it is 1
     */
    long transitioned(CircuitState from, CircuitState to) {
        return transitions.incrementAndGet(index(from, to));
    }

    long transitions(CircuitState from, CircuitState to) {
        return transitions.get(index(from, to));
    }

    void storeDegraded() {
        storeErrors.increment();
    }

    long storeErrors() {
        return storeErrors.sum();
    }

    private static int index(CircuitState from, CircuitState to) {
        return from.ordinal() * STATES + to.ordinal();
    }
}
