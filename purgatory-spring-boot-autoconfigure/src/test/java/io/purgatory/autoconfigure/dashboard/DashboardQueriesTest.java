package io.purgatory.autoconfigure.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import io.purgatory.ManualTimeSource;
import io.purgatory.autoconfigure.dashboard.PromQlQuery.Selector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Checks every query of {@code dashboards/purgatory.json} against what a real application exposes
 * on {@code /actuator/prometheus} after traffic through its breakers.
 */
@SpringBootTest(classes = DashboardTestApplication.class, properties = {
        "management.endpoints.web.exposure.include=prometheus",
        "management.metrics.tags.application=dashboard-test",
        "management.metrics.distribution.percentiles-histogram.purgatory.breaker.calls=true",
        "purgatory.breakers.payments.threshold=2",
        "purgatory.breakers.payments.ttl=10s",
        "purgatory.breakers.payments.exclude=java.lang.IllegalArgumentException" })
@AutoConfigureMockMvc
@AutoConfigureObservability(tracing = false)
class DashboardQueriesTest {

    private static final Path DASHBOARD = Path.of("..", "dashboards", "purgatory.json");

    /** Labels Prometheus adds when it scrapes, so the exposition cannot contain them. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    @Autowired
    private MockMvc mvc;

    @Autowired
    private CircuitBreakerFactory factory;

    @Autowired
    private ManualTimeSource time;

    private PrometheusScrape scrape;

    @BeforeEach
    void driveTrafficAndScrape() throws Exception {
        CircuitBreaker payments = factory.getBreaker("payments");
        payments.run(() -> time.advance(Duration.ofMillis(20)));
        thrown(payments, new IllegalArgumentException("excluded"));
        thrown(payments, new IllegalStateException("first failure"));
        thrown(payments, new IllegalStateException("second failure opens"));
        assertThatThrownBy(() -> payments.run(() -> { })).isInstanceOf(CircuitOpenException.class);
        time.advance(Duration.ofSeconds(11));
        payments.run(() -> { });
        assertThat(payments.getState()).isEqualTo(CircuitState.CLOSED);
        thrown(payments, new IllegalStateException("one failure in a row"));

        String text = mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        scrape = PrometheusScrape.parse(text);
    }

    @Test
    void everyMetricThatTheDashboardQueriesIsExposed() throws IOException {
        List<PromQlQuery> queries = queries();
        Set<String> queried = queries.stream().flatMap(q -> q.metricNames().stream()).collect(Collectors.toSet());

        assertThat(queried).containsExactlyInAnyOrder("purgatory_breaker_state",
                "purgatory_breaker_calls_seconds_count", "purgatory_breaker_calls_seconds_sum",
                "purgatory_breaker_calls_seconds_bucket",
                "purgatory_breaker_transitions_total", "purgatory_breaker_failures", "purgatory_store_degraded",
                "purgatory_store_errors_total");
        assertThat(queried).allSatisfy(metric -> assertThat(scrape.of(metric)).as(metric).isNotEmpty());
    }

    @Test
    void everyLabelThatTheDashboardFiltersOnIsExposed() throws IOException {
        for (PromQlQuery query : queries()) {
            for (Selector selector : query.selectors()) {
                List<PrometheusScrape.Series> series = scrape.of(selector.metric());
                selector.labels().forEach((label, matcher) -> {
                    assertThat(series).as("%s has label %s in %s", selector.metric(), label, query.expression())
                            .anySatisfy(s -> assertThat(s.labels()).containsKey(label));
                    if (matcher.operator().equals("=")) {
                        assertThat(series).as("%s{%s=\"%s\"}", selector.metric(), label, matcher.value())
                                .anySatisfy(s -> assertThat(s.labels()).containsEntry(label, matcher.value()));
                    }
                });
            }
        }
    }

    @Test
    void everyVariableListsALabelThatIsExposed() throws IOException {
        JsonNode variables = dashboard().path("templating").path("list");
        List<String> checked = new ArrayList<>();
        for (JsonNode variable : variables) {
            String definition = variable.path("definition").asText("");
            String label = PromQlQuery.labelValuesLabel(definition);
            if (label == null) {
                continue;
            }
            PromQlQuery query = PromQlQuery.parse(definition);
            query.metricNames().forEach(metric -> assertThat(scrape.of(metric)).as(definition)
                    .anySatisfy(s -> assertThat(s.labels()).containsKey(label)));
            checked.add(variable.path("name").asText());
        }
        assertThat(checked).containsExactly("application", "breaker");
    }

    @Test
    void exposesTheTransitionsThatTheTrafficCaused() {
        assertThat(scrape.of("purgatory_breaker_transitions_total"))
                .extracting(s -> s.labels().get("from") + "->" + s.labels().get("to"))
                .contains("closed->open", "open->half_open", "half_open->closed");
    }

    private List<PromQlQuery> queries() throws IOException {
        List<PromQlQuery> queries = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(PromQlQuery.parse(target.path("expr").asText()));
            }
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(8);
        return queries;
    }

    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    private static void thrown(CircuitBreaker breaker, RuntimeException failure) {
        assertThatThrownBy(() -> breaker.run(() -> {
            throw failure;
        })).isSameAs(failure);
    }
}
