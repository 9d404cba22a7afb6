package io.purgatory.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitOpenException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the series names that dashboards and alerts query. */
class PrometheusSeriesTest {

    @Test
    void exposesTheSeriesNamesGrafanaQueries() {
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder()
                .defaults(CircuitBreakerConfig.builder().threshold(1).build())
                .build();
        CircuitBreaker breaker = factory.getBreaker("payments");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new PurgatoryMeterBinder(factory, List.of()).bindTo(registry);

        breaker.run(() -> { });
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> breaker.run(() -> { })).isInstanceOf(CircuitOpenException.class);

        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("purgatory_breaker_state{name=\"payments\",state=\"open\"} 1")
                .contains("purgatory_breaker_state{name=\"payments\",state=\"closed\"} 0")
                .contains("purgatory_breaker_state{name=\"payments\",state=\"forced_open\"} 0")
                .contains("purgatory_breaker_calls_seconds_count{name=\"payments\",outcome=\"success\"} 1")
                .contains("purgatory_breaker_calls_seconds_count{name=\"payments\",outcome=\"rejected\"} 1")
                .contains("purgatory_breaker_calls_seconds_sum{name=\"payments\",outcome=\"failure\"}")
                .contains("purgatory_breaker_transitions_total{from=\"closed\",name=\"payments\",to=\"open\"} 1")
                .contains("purgatory_breaker_failures{name=\"payments\"} 0")
                .contains("purgatory_store_degraded{name=\"payments\",store=\"memory\"} 0")
                .contains("purgatory_store_errors_total{name=\"payments\",store=\"memory\"} 0");
    }

    @Test
    void exposesLatencyBucketsWhenCallsAreRecordedWithAHistogram() {
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder().recordCallDurations(true).build();
        CircuitBreaker breaker = factory.getBreaker("payments");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
            }
        });
        new PurgatoryMeterBinder(factory, List.of(), true).bindTo(registry);

        breaker.run(() -> { });

        assertThat(registry.scrape())
                .contains("purgatory_breaker_calls_seconds_bucket{name=\"payments\",outcome=\"success\",le=\"+Inf\"} 1")
                .contains("purgatory_breaker_calls_seconds_bucket{name=\"payments\",outcome=\"rejected\",le=\"+Inf\"} 0")
                .contains("purgatory_breaker_calls_seconds_count{name=\"payments\",outcome=\"success\"} 1")
                .contains("purgatory_breaker_calls_seconds_sum{name=\"payments\",outcome=\"success\"}");
    }
}
