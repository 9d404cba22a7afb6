package io.purgatory.autoconfigure.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.purgatory.autoconfigure.ConfigurationRefreshListener;
import io.purgatory.autoconfigure.InvalidPurgatoryPropertiesException.Violation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts refused refreshes of {@code purgatory.*} in {@value #NAME}, tagged with each refused
 * property {@code key} (one increment per key and refused refresh; the keys are the configuration's
 * own, so their number is bounded). The refused value is in the ERROR log line of the same refusal.
 * Thread-safe.
 */
public class RefreshFailureMeters implements MeterBinder, ConfigurationRefreshListener {

    /** The counter's name. */
    public static final String NAME = "purgatory.config.refresh.failures";

    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
    }

    @Override
    public void refused(List<Violation> violations) {
        violations.stream().map(Violation::key).distinct().forEach(key -> registries.forEach(registry ->
                Counter.builder(NAME)
                        .description("Refreshes of purgatory.* refused because of this key's value; the previous configuration stayed")
                        .tag("key", key)
                        .register(registry)
                        .increment()));
    }
}
