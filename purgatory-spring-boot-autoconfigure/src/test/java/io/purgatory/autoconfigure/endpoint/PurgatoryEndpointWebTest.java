package io.purgatory.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import java.net.URI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(classes = EndpointTestApplication.class, properties = {
        "management.endpoints.web.exposure.include=purgatory",
        "purgatory.breakers.payments.threshold=2",
        "purgatory.breakers.inventory.ttl=10s" })
@AutoConfigureMockMvc
class PurgatoryEndpointWebTest {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private CircuitBreakerFactory factory;

    @BeforeEach
    void closeEveryBreaker() {
        factory.getBreakers().forEach(breaker -> breaker.transitionTo(CircuitState.CLOSED));
    }

    @Test
    void listsEveryBreakerUnderBreakers() throws Exception {
        mvc.perform(get("/actuator/purgatory"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.breakers.payments.state").value("CLOSED"))
                .andExpect(jsonPath("$.breakers.payments.consecutiveFailures").value(0))
                .andExpect(jsonPath("$.breakers.payments.store").value("memory"))
                .andExpect(jsonPath("$.breakers.payments.calls.rejected").value(0))
                .andExpect(jsonPath("$.breakers.payments.config.threshold").value(2))
                .andExpect(jsonPath("$.breakers.inventory.config.ttl").value("PT10S"))
                .andExpect(jsonPath("$.breakers.inventory.openedAt").doesNotExist());
    }

    @Test
    void readsOneBreaker() throws Exception {
        mvc.perform(get("/actuator/purgatory/payments"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("CLOSED"))
                .andExpect(jsonPath("$.config.halfOpenCalls").value(1));
    }

    @Test
    void readingAnUnknownBreakerIsNotFound() throws Exception {
        mvc.perform(get("/actuator/purgatory/typo")).andExpect(status().isNotFound());
    }

    @Test
    void postingAStateForcesItAndAnswersWithTheBreaker() throws Exception {
        mvc.perform(post("/actuator/purgatory/payments").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"state\": \"OPEN\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("OPEN"))
                .andExpect(jsonPath("$.openedAt").isString());
    }

    @Test
    void postingAnUnknownStateIsABadRequest() throws Exception {
        mvc.perform(post("/actuator/purgatory/payments").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"state\": \"AJAR\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Unknown state 'AJAR'"))
                .andExpect(jsonPath("$.validStates[0]").value("CLOSED"));
    }

    @Test
    void postingWithoutAStateIsABadRequest() throws Exception {
        mvc.perform(post("/actuator/purgatory/payments").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void readsABreakerWhoseNameHasASlash() throws Exception {
        factory.getBreaker("payments/eu").transitionTo(CircuitState.FORCED_OPEN);

        mvc.perform(get("/actuator/purgatory/payments/eu"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("FORCED_OPEN"));
    }

    @Test
    void postingAStateToABreakerWhoseNameHasASlashForcesIt() throws Exception {
        CircuitBreaker breaker = factory.getBreaker("payments/eu");

        mvc.perform(post("/actuator/purgatory/payments/eu").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"state\": \"OPEN\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("OPEN"));
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(factory.getBreaker("payments").getState()).as("the name's first segment alone").isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void postingAnUnknownStateToABreakerWhoseNameHasASlashIsABadRequest() throws Exception {
        factory.getBreaker("payments/eu");

        mvc.perform(post("/actuator/purgatory/payments/eu").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"state\": \"AJAR\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Unknown state 'AJAR'"));
    }

    @Test
    void anUnknownNameWithASlashIsNotFoundAndCreatesNothing() throws Exception {
        mvc.perform(get("/actuator/purgatory/payments/typo")).andExpect(status().isNotFound());
        mvc.perform(post("/actuator/purgatory/payments/typo").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"state\": \"OPEN\"}"))
                .andExpect(status().isNotFound());

        assertThat(factory.findBreaker("payments/typo")).isEmpty();
    }

    @Test
    void readsABreakerWhoseNameIsPercentEncodedInThePath() throws Exception {
        factory.getBreaker("caf\u00e9 menu?100%").transitionTo(CircuitState.FORCED_OPEN);

        mvc.perform(get(URI.create("/actuator/purgatory/caf%C3%A9%20menu%3F100%25")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("FORCED_OPEN"));
    }

    @Test
    void postingToAnUnknownBreakerIsNotFound() throws Exception {
        mvc.perform(post("/actuator/purgatory/typo").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"state\": \"OPEN\"}"))
                .andExpect(status().isNotFound());
    }
}
