package io.purgatory.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.purgatory.sample.PromQlQuery.Selector;
import io.purgatory.sample.PrometheusScrape.Series;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Checks every query of {@code dashboards/purgatory.json} against what the sample application, with
 * its own {@code application.yml}, exposes on {@code /actuator/prometheus} after traffic through its
 * HTTP endpoints (SPEC §6.3): every metric, every label a query filters or groups on, and every label
 * a dashboard variable lists must be there.
 *
 * <p>The {@code purgatory.store.*} meters are what the "Shared store health" panel shows in Redis
 * mode. The meter binder registers them for every store, the memory store reporting 0, so the sample's
 * default in-memory run exposes them (with {@code store="memory"}) and they are checked like every
 * other series. {@link #storeMetersAreExposedWithTheMemoryStoreToo()} pins that: were they ever
 * registered in Redis mode only, this test would fail rather than silently leave the panel unchecked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesTest {

    private static final Path DASHBOARD = Path.of("..", "dashboards", "purgatory.json");

    /** Labels Prometheus adds when it scrapes, so the exposition cannot contain them. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    private RunningSample sample;

    private int port;

    private String applicationName;

    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusScrape scrape;

    /**
     * Every call outcome, and the three transitions of an open-and-recover cycle, through the endpoints
     * of the README's walkthrough (the quote fallback answers 200 for failures and rejections alike).
     * The 5 s open period is cut short by forcing {@code HALF_OPEN} through the actuator endpoint; the
     * trial call then closes the circuit.
     */
    @BeforeAll
    void driveTrafficThroughTheSampleAndScrape() throws Exception {
        sample = RunningSample.start();
        port = sample.port();
        applicationName = sample.context().getEnvironment().getRequiredProperty("spring.application.name");

        send("GET", "/quotes/ACME", null, 200);                                   // success
        send("POST", "/orders/sold-out-widget", null, 409);                       // excluded (breaker "orders")
        send("PUT", "/downstream", "{\"mode\":\"failing\"}", 200);
        for (int i = 0; i < 3; i++) {
            send("GET", "/quotes/ACME", null, 200);                               // failures: closed -> open
        }
        send("GET", "/quotes/ACME", null, 200);                                   // rejected
        send("PUT", "/downstream", "{\"mode\":\"healthy\"}", 200);
        send("POST", "/actuator/purgatory/quotes", "{\"state\":\"HALF_OPEN\"}", 200); // open -> half_open
        send("GET", "/quotes/ACME", null, 200);                                   // the trial: half_open -> closed

        scrape = PrometheusScrape.parse(send("GET", "/actuator/prometheus", null, 200));
    }

    @AfterAll
    void stopTheSample() {
        if (sample != null) {
            sample.close();
        }
    }

    @Test
    void everyMetricThatTheDashboardQueriesIsExposed() throws IOException {
        Set<String> queried = queries().stream().flatMap(q -> q.metricNames().stream()).collect(Collectors.toSet());

        assertThat(queried).containsExactlyInAnyOrder("purgatory_breaker_state",
                "purgatory_breaker_calls_seconds_count", "purgatory_breaker_calls_seconds_sum",
                "purgatory_breaker_calls_seconds_bucket", "purgatory_breaker_transitions_total",
                "purgatory_breaker_failures", "purgatory_store_degraded", "purgatory_store_errors_total");
        assertThat(queried).allSatisfy(metric -> assertThat(scrape.of(metric)).as(metric).isNotEmpty());
    }

    @Test
    void everyLabelThatTheDashboardFiltersOrGroupsOnIsExposed() throws IOException {
        for (PromQlQuery query : queries()) {
            for (Selector selector : query.selectors()) {
                List<Series> series = scrape.of(selector.metric());
                selector.labels().forEach((label, matcher) -> {
                    assertThat(series).as("%s has label %s in %s", selector.metric(), label, query.expression())
                            .anySatisfy(s -> assertThat(s.labels()).containsKey(label));
                    if (matcher.operator().equals("=")) {
                        assertThat(series).as("%s{%s=\"%s\"}", selector.metric(), label, matcher.value())
                                .anySatisfy(s -> assertThat(s.labels()).containsEntry(label, matcher.value()));
                    }
                });
            }
            for (String metric : query.metricNames()) {
                for (String label : query.groupingLabels()) {
                    if (!TARGET_LABELS.contains(label)) {
                        assertThat(scrape.of(metric)).as("%s has label %s, grouped by in %s", metric, label,
                                query.expression()).anySatisfy(s -> assertThat(s.labels()).containsKey(label));
                    }
                }
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
    void theApplicationVariableListsTheSamplesName() {
        assertThat(scrape.of("purgatory_breaker_state")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("application", applicationName));
    }

    @Test
    void theTrafficReachedEveryOutcomeAndTransitionThatThePanelsShow() {
        assertThat(value("purgatory_breaker_calls_seconds_count", "name", "quotes", "outcome", "success")).isEqualTo(2);
        assertThat(value("purgatory_breaker_calls_seconds_count", "name", "quotes", "outcome", "failure")).isEqualTo(3);
        assertThat(value("purgatory_breaker_calls_seconds_count", "name", "quotes", "outcome", "rejected")).isEqualTo(1);
        assertThat(value("purgatory_breaker_calls_seconds_count", "name", "orders", "outcome", "excluded")).isEqualTo(1);
        assertThat(value("purgatory_breaker_calls_seconds_bucket", "name", "quotes", "outcome", "success", "le", "+Inf"))
                .isEqualTo(2);
        assertThat(value("purgatory_breaker_transitions_total", "name", "quotes", "from", "closed", "to", "open"))
                .isEqualTo(1);
        assertThat(value("purgatory_breaker_transitions_total", "name", "quotes", "from", "open", "to", "half_open"))
                .isEqualTo(1);
        assertThat(value("purgatory_breaker_transitions_total", "name", "quotes", "from", "half_open", "to", "closed"))
                .isEqualTo(1);
        assertThat(value("purgatory_breaker_state", "name", "quotes", "state", "closed")).isEqualTo(1);
    }

    @Test
    void storeMetersAreExposedWithTheMemoryStoreToo() {
        assertThat(value("purgatory_store_degraded", "name", "quotes", "store", "memory")).isZero();
        assertThat(value("purgatory_store_errors_total", "name", "quotes", "store", "memory")).isZero();
    }

    /** The value of the one series of {@code metric} that has these labels (and maybe others). */
    private double value(String metric, String... labels) {
        List<Series> matching = scrape.of(metric).stream().filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
        assertThat(matching).as("%s with %s", metric, List.of(labels)).hasSize(1);
        return matching.get(0).value();
    }

    private List<PromQlQuery> queries() throws IOException {
        List<PromQlQuery> queries = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(PromQlQuery.parse(target.path("expr").asText()));
            }
        }
        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        return queries;
    }

    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    /** Sends a request to the sample, as the README's curl commands do, and returns the body. */
    private String send(String method, String path, String json, int expectedStatus) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s answered %s", method, path, response.body())
                .isEqualTo(expectedStatus);
        return response.body();
    }
}
