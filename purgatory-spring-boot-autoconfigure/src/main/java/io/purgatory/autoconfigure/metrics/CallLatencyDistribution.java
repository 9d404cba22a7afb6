package io.purgatory.autoconfigure.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Decides whether the application's meter filters ask {@code purgatory.breaker.calls} for a latency
 * distribution: a histogram, percentiles or SLO buckets. Spring Boot's
 * {@code management.metrics.distribution.*} properties reach registries as such a filter, matched by
 * the meter name and then by each shorter dotted prefix, then {@code all}; asking the filters
 * themselves keeps that rule, and a user's own filter, in one place. Stateless; thread-safe.
 */
final class CallLatencyDistribution {

    private CallLatencyDistribution() {
    }

    /**
     * Applies the filters to the calls timer the way a registry does when it registers a meter:
     * every {@code map} in order, then {@code accept}, then every {@code configure} in order.
     *
     * @param filters the filters that registries apply, in their order
     * @return {@code true} when the timer would publish a histogram, percentiles or SLO buckets
     */
    static boolean isRequested(Iterable<MeterFilter> filters) {
        Meter.Id id = new Meter.Id(BreakerMeters.CALLS, Tags.empty(), null, BreakerMeters.CALLS_DESCRIPTION,
                Meter.Type.TIMER);
        for (MeterFilter filter : filters) {
            id = filter.map(id);
        }
        if (!isAccepted(id, filters)) {
            return false; // a denied meter is a no-op, whatever its configuration
        }
        DistributionStatisticConfig config = DistributionStatisticConfig.NONE;
        for (MeterFilter filter : filters) {
            DistributionStatisticConfig configured = filter.configure(id, config);
            if (configured != null) {
                config = configured;
            }
        }
        return config.isPublishingHistogram() || config.isPublishingPercentiles();
    }

    /** The first filter that does not stay neutral decides, as in a registry. */
    private static boolean isAccepted(Meter.Id id, Iterable<MeterFilter> filters) {
        for (MeterFilter filter : filters) {
            MeterFilterReply reply = filter.accept(id);
            if (reply != MeterFilterReply.NEUTRAL) {
                return reply == MeterFilterReply.ACCEPT;
            }
        }
        return true;
    }
}
