package io.purgatory.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
