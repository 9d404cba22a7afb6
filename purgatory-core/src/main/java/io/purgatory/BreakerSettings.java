package io.purgatory;

import java.time.Instant;

/**
 * What a plain breaker, or every circuit of one group, shares: the group's name, the clock, the store's
 * type, and the settings with the time they last changed. One object per group instead of copies in each
 * of a million keyed circuits. Thread-safe: a reconfiguration replaces the settings while calls read them.
 */
final class BreakerSettings {

    /** The group of keyed circuits, the name of a plain breaker. */
    final String group;
    final TimeSource time;
    final String storeType;
    /** Whether the factory samples call durations: fixed, so that a breaker's statistics count the timed calls from the start. */
    final boolean sampledDurations;
    private volatile CircuitBreakerConfig config;
    /** Null while the settings are the creation's. */
    private volatile Instant changedAt;

    BreakerSettings(String group, CircuitBreakerConfig config, TimeSource time, String storeType,
            boolean sampledDurations) {
        this.group = group;
        this.sampledDurations = sampledDurations;
        this.config = config;
        this.time = time;
        this.storeType = storeType;
    }

    CircuitBreakerConfig config() {
        return config;
    }

    Instant changedAt() {
        return changedAt;
    }

    /**
     * Replaces the settings, noting when. Called one reconfiguration at a time.
     *
     * @return the settings before, or {@code null} when {@code next} equals them and nothing changed
     */
    CircuitBreakerConfig replace(CircuitBreakerConfig next) {
        CircuitBreakerConfig previous = config;
        if (previous.equals(next)) {
            return null;
        }
        config = next;
        changedAt = Instant.ofEpochMilli(time.currentTimeMillis());
        return previous;
    }
}
