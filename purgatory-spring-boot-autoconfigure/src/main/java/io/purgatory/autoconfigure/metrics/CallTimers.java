package io.purgatory.autoconfigure.metrics;

import io.micrometer.core.instrument.Timer;
import io.purgatory.CallOutcome;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The recorded {@code purgatory.breaker.calls} timers of one breaker: one per outcome in each
 * registry the breaker is bound to. Thread-safe; recording reads one volatile array and takes no lock.
 */
final class CallTimers {

    /** Per registry, the timers indexed by {@link CallOutcome#ordinal()}; replaced whole when a registry is added. */
    private volatile Timer[][] registries = new Timer[0][];

    /**
     * Adds one registry's timers; binding the same registry again changes nothing, because the
     * registry then returns the timers it already has.
     *
     * @param timers the timers of one registry, indexed by outcome ordinal
     */
    synchronized void add(Timer[] timers) {
        for (Timer[] known : registries) {
            if (known[0] == timers[0]) {
                return;
            }
        }
        Timer[][] grown = Arrays.copyOf(registries, registries.length + 1);
        grown[registries.length] = timers;
        registries = grown;
    }

    void record(CallOutcome outcome, long durationNanos) {
        for (Timer[] timers : registries) {
            timers[outcome.ordinal()].record(durationNanos, TimeUnit.NANOSECONDS);
        }
    }
}
