package io.purgatory.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

/**
 * Decides whether a registry publishes a latency distribution (a histogram, percentiles or SLO
 * buckets) for one breaker's {@code purgatory.breaker.calls}, by asking the registry itself: the
 * timers are registered with their real name and tags, so every filter the registry applies decides,
 * however it was added (Boot's {@code management.metrics.distribution.*} properties, a
 * {@code MeterFilter} bean, a {@code MeterRegistryCustomizer}, {@code registry.config()}) and
 * whatever it matches on ({@code name}, {@code outcome}, common tags). Stateless; thread-safe.
 */
final class CallLatencyDistribution {

    private CallLatencyDistribution() {
    }

    /**
     * Whether any of one breaker's calls timers, as the registry built them, keeps a distribution.
     *
     * @param timers the timers just registered, one per outcome
     * @return {@code true} when a histogram, percentiles or SLO buckets would be published
     */
    static boolean isPublished(Timer[] timers) {
        for (Timer timer : timers) {
            HistogramSnapshot snapshot = timer.takeSnapshot();
            if (snapshot.histogramCounts().length > 0 || snapshot.percentileValues().length > 0) {
                return true;
            }
        }
        return false; // a denied meter is a no-op timer: no distribution either
    }

    /**
     * Takes back timers that turned out to need no per-call recording, so that function timers with
     * the same ids can read the breaker's totals instead.
     *
     * @param timers the timers to remove
     * @param registry the registry they were registered with
     */
    static void withdraw(Timer[] timers, MeterRegistry registry) {
        for (Timer timer : timers) {
            registry.remove(timer);
        }
    }
}
