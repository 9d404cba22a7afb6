package io.purgatory.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.aot.AotDetector;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.util.ClassUtils;

/**
 * The sample starts with its default settings, on the in-memory store, without any Redis; in AOT mode
 * ({@code -Paot}) it starts from the generated initializer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleApplicationTest {

    /** Set by the {@code -Paot} build for its run of the tests in AOT mode. */
    private static final String AOT_EXPECTED = "purgatory.sample.aot-expected";

    private static final String GENERATED_INITIALIZER = SampleApplication.class.getName() + "__ApplicationContextInitializer";

    private RunningSample sample;

    private CircuitBreakerFactory factory;

    @BeforeAll
    void startTheSample() {
        sample = RunningSample.start();
        factory = sample.context().getBean(CircuitBreakerFactory.class);
    }

    @AfterAll
    void stopTheSample() {
        if (sample != null) {
            sample.close();
        }
    }

    @Test
    void startsOnTheInMemoryStoreWithTheConfiguredBreakers() throws Exception {
        assertThat(factory.getStore().type()).isEqualTo("memory");
        assertThat(factory.findBreaker("quotes-reactive")).hasValueSatisfying(b ->
                assertThat(b.getConfig().window().failureRateThreshold()).isEqualTo(50f));
        assertThat(factory.getDefaults().threshold()).isEqualTo(3);
        assertThat(health().path("status").asText()).isEqualTo("UP");
    }

    @Test
    void showsTheOptInPurgatoryHealthComponent() throws Exception {
        assertThat(health().path("components").path("purgatory").path("status").asText())
                .as("the 'purgatory' health component").isEqualTo("UP");
    }

    @Test
    void everyGuardedMethodOfTheSampleHasItsBreaker() {
        QuoteClient client = sample.context().getBean(QuoteClient.class);
        client.quote("X");
        client.quoteAsync("X").join();
        client.quoteReactive("X").block();
        client.order("X");
        for (String name : new String[] {"quotes", "quotes-async", "quotes-reactive", "orders"}) {
            assertThat(factory.findBreaker(name)).hasValueSatisfying(b -> assertThat(b.getState()).isEqualTo(CircuitState.CLOSED));
        }
    }

    @Test
    void oneSymbolsCircuitOpensWhileAnotherSymbolStaysLive() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        CurlCommand.parse("curl -s -X PUT localhost:8080/downstream/symbols/ACME -H 'Content-Type: application/json' "
                + "-d '{\"mode\": \"failing\"}'").run(http, sample.port());
        try {
            for (int i = 0; i < 3; i++) { // the sample's threshold
                assertThat(get(http, "/quotes/ACME/by-symbol").path("source").asText())
                        .isEqualTo("fallback: pricing service returned 503 for ACME");
            }
            assertThat(get(http, "/quotes/ACME/by-symbol").path("source").asText())
                    .isEqualTo("fallback: circuit quotes-by-symbol[ACME] is open");
            assertThat(get(http, "/quotes/INIT/by-symbol").path("source").asText()).isEqualTo("live");
            JsonNode group = get(http, "/actuator/purgatory/quotes-by-symbol");
            assertThat(group.path("openKeys").path("ACME").asText()).isEqualTo("OPEN");
            assertThat(group.path("states").path("closed").asInt()).isEqualTo(1);
            assertThat(get(http, "/actuator/purgatory/quotes-by-symbol?key=INIT").path("state").asText())
                    .isEqualTo("CLOSED");
        } finally {
            CurlCommand.parse("curl -s -X PUT localhost:8080/downstream/symbols/ACME -H 'Content-Type: application/json' "
                    + "-d '{\"mode\": \"healthy\"}'").run(http, sample.port());
        }
    }

    private JsonNode get(HttpClient http, String path) throws Exception {
        String body = CurlCommand.parse("curl -s localhost:8080" + path).run(http, sample.port()).output();
        return new ObjectMapper().readTree(body);
    }

    /**
     * With {@code -Dspring.aot.enabled=true} the bean definitions come from the code that
     * {@code spring-boot:process-aot} generated, each with its generated instance supplier; without it they
     * come from scanning {@link SampleApplication}'s package, and have none. The {@code -Paot} build's AOT
     * run says it expects AOT mode ({@value #AOT_EXPECTED}), so it cannot silently run the other way.
     */
    @Test
    void startsFromTheGeneratedInitializerExactlyWhenAotIsEnabled() {
        assertThat(AotDetector.useGeneratedArtifacts()).as("AOT mode").isEqualTo(Boolean.getBoolean(AOT_EXPECTED));
        RootBeanDefinition quoteClient = (RootBeanDefinition) sample.context().getBeanFactory().getMergedBeanDefinition("quoteClient");
        if (AotDetector.useGeneratedArtifacts()) {
            assertThat(ClassUtils.isPresent(GENERATED_INITIALIZER, getClass().getClassLoader())).as(GENERATED_INITIALIZER).isTrue();
            assertThat(quoteClient.getInstanceSupplier()).as("generated instance supplier of quoteClient").isNotNull();
        } else {
            assertThat(quoteClient.getInstanceSupplier()).as("instance supplier of the scanned quoteClient").isNull();
        }
    }

    private JsonNode health() throws Exception {
        String body = CurlCommand.parse("curl -s localhost:8080/actuator/health").run(HttpClient.newHttpClient(), sample.port()).output();
        return new ObjectMapper().readTree(body);
    }
}
