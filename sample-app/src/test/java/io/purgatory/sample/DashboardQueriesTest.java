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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 *
 * <p>Groups of keyed circuits: the traffic opens one symbol's circuit of the sample's keyed group
 * {@code quotes-by-symbol} while another symbol stays closed. A panel whose description says it
 * {@value #NEEDS_PER_KEY} is checked against a second run of the sample with
 * {@code purgatory.metrics.per-key=quotes-by-symbol}, since only such groups publish per-key series; every
 * other panel against the default run. Beyond labels, every selector of every query must select at least
 * one series of its run (dashboard variables set to All), and the two sides of an {@code and on (...)} must
 * share those labels' values: a selector-level check, not a PromQL evaluation (no Prometheus runs here).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesTest {

    private static final Path DASHBOARD = Path.of("..", "dashboards", "purgatory.json");

    /** What the description of a panel over per-key series says; such a panel is checked against the per-key run. */
    private static final String NEEDS_PER_KEY = "Needs per-key meters";

    /** The keyed group of the sample. */
    private static final String GROUP = "quotes-by-symbol";

    private static final Pattern AND_ON = Pattern.compile("\\band\\s+on\\s*\\(([^)]*)\\)");

    /** Labels Prometheus adds when it scrapes, so the exposition cannot contain them. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    private RunningSample sample;

    private int port;

    private String applicationName;

    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusScrape scrape;

    /** The sample's exposition with {@code purgatory.metrics.per-key} naming its keyed group. */
    private PrometheusScrape perKeyScrape;

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
        openOneKeyOfTheGroup();

        scrape = PrometheusScrape.parse(send("GET", "/actuator/prometheus", null, 200));

        try (RunningSample perKey = RunningSample.startWithArgs("--server.port=0", "--purgatory.metrics.per-key=" + GROUP)) {
            port = perKey.port();
            openOneKeyOfTheGroup();
            perKeyScrape = PrometheusScrape.parse(send("GET", "/actuator/prometheus", null, 200));
        } finally {
            port = sample.port();
        }
    }

    /** As the README's walkthrough does: ACME's circuit opens and rejects a call, INIT's stays closed. */
    private void openOneKeyOfTheGroup() throws Exception {
        send("PUT", "/downstream/symbols/ACME", "{\"mode\":\"failing\"}", 200);
        for (int i = 0; i < 4; i++) {
            send("GET", "/quotes/ACME/by-symbol", null, 200);                     // 3 failures, then rejected
        }
        send("GET", "/quotes/INIT/by-symbol", null, 200);                         // success, another key
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
                "purgatory_breaker_failures", "purgatory_store_degraded", "purgatory_store_errors_total",
                "purgatory_group_keys");
        assertThat(queried).allSatisfy(metric -> assertThat(scrape.of(metric)).as(metric).isNotEmpty());
    }

    @Test
    void everySelectorSelectsSeriesOfTheSample() throws IOException {
        List<String> perKeyPanels = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            boolean perKey = panel.path("description").asText().contains(NEEDS_PER_KEY);
            if (perKey) {
                perKeyPanels.add(panel.path("title").asText());
            }
            PrometheusScrape run = perKey ? perKeyScrape : scrape;
            for (JsonNode target : panel.path("targets")) {
                PromQlQuery query = PromQlQuery.parse(target.path("expr").asText());
                for (Selector selector : query.selectors()) {
                    assertThat(selected(run, selector)).as("%s in panel %s", selector, panel.path("title").asText())
                            .isNotEmpty();
                }
                Matcher andOn = AND_ON.matcher(query.expression());
                if (andOn.find()) {
                    List<String> on = List.of(andOn.group(1).split("\\s*,\\s*")).stream()
                            .filter(label -> !TARGET_LABELS.contains(label)).toList();
                    Set<List<String>> left = onValues(selected(run, query.selectors().get(0)), on);
                    Set<List<String>> right = onValues(selected(run, query.selectors().get(1)), on);
                    assertThat(left).as("both sides of `and on %s` in panel %s", on, panel.path("title").asText())
                            .containsAnyElementsOf(right);
                }
            }
        }
        assertThat(perKeyPanels).containsExactly("Top keys by rejections");
    }

    @Test
    void theGroupPanelsSeeTheOpenKeyInTheirRun() {
        assertThat(value("purgatory_breaker_state", "name", GROUP, "state", "open")).isEqualTo(1);
        assertThat(value("purgatory_breaker_state", "name", GROUP, "state", "closed")).isEqualTo(1);
        assertThat(value("purgatory_group_keys", "name", GROUP)).isEqualTo(2);
        assertThat(scrape.of("purgatory_breaker_calls_seconds_count"))
                .noneSatisfy(s -> assertThat(s.labels().get("name")).startsWith(GROUP + "["));

        assertThat(value(perKeyScrape, "purgatory_breaker_calls_seconds_count", "name", GROUP + "[ACME]",
                "outcome", "rejected")).isEqualTo(1);
        assertThat(value(perKeyScrape, "purgatory_breaker_calls_seconds_count", "name", GROUP + "[INIT]",
                "outcome", "rejected")).isZero();
        assertThat(perKeyScrape.of("purgatory_group_keys")).as("a per-key group publishes no aggregate")
                .noneSatisfy(s -> assertThat(s.labels()).containsEntry("name", GROUP));
    }

    /** The series of a run that a selector selects, with the dashboard's variables on All. */
    private static List<Series> selected(PrometheusScrape run, Selector selector) {
        return run.of(selector.metric()).stream().filter(series -> selector.labels().entrySet().stream()
                .allMatch(matcher -> matches(matcher.getValue(), series.labels().getOrDefault(matcher.getKey(), ""))))
                .toList();
    }

    private static boolean matches(Selector.Matcher matcher, String value) {
        // A PromQL string unescaped ("\\[" is the regex \[); a variable on All is .* (Grafana's allValue here).
        String pattern = matcher.value().replace("\\\\", "\\").replaceAll("\\$\\w+", ".*");
        return switch (matcher.operator()) {
            case "=" -> value.equals(pattern);
            case "!=" -> !value.equals(pattern);
            case "=~" -> value.matches(pattern);
            default -> !value.matches(pattern);
        };
    }

    private static Set<List<String>> onValues(List<Series> series, List<String> labels) {
        return series.stream().map(s -> labels.stream().map(label -> s.labels().getOrDefault(label, "")).toList())
                .collect(Collectors.toSet());
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
        return value(scrape, metric, labels);
    }

    private static double value(PrometheusScrape run, String metric, String... labels) {
        List<Series> matching = run.of(metric).stream().filter(s -> {
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
