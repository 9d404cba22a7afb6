package io.purgatory.internal;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.TimeSource;

/**
 * What a {@link State} needs from its circuit to decide: settings, time, and fresh trial numbers.
 * Thread-safe.
 */
interface CircuitContext {

    /**
     * Returns the circuit's settings.
     *
     * @return the configuration
     */
    CircuitBreakerConfig config();

    /**
     * Returns the circuit's time source.
     *
     * @return the time source
     */
    TimeSource time();

    /**
     * Returns a trial round number never handed out before by this circuit.
     *
     * @return a positive number
     */
    long nextRound();
}
