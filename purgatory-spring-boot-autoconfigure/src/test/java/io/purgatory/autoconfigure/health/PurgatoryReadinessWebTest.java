package io.purgatory.autoconfigure.health;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;

/** The set-up that docs/observability.md recommends: open breakers take the instance out of readiness only. */
@SpringBootTest(classes = HealthTestApplication.class, properties = {
        "management.health.purgatory.enabled=true",
        "management.health.purgatory.open-status=out-of-service",
        "management.endpoint.health.probes.enabled=true",
        "management.endpoint.health.show-details=always",
        "management.endpoint.health.group.readiness.include=readinessState,purgatory",
        "purgatory.breakers.payments.threshold=2" })
@AutoConfigureMockMvc
class PurgatoryReadinessWebTest {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private CircuitBreakerFactory factory;

    @AfterEach
    void close() {
        factory.getBreaker("payments").transitionTo(CircuitState.CLOSED);
    }

    @Test
    void closedBreakersAreReady() throws Exception {
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void anOpenBreakerTakesTheInstanceOutOfReadinessButNotLiveness() throws Exception {
        factory.getBreaker("payments").transitionTo(CircuitState.OPEN);

        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("OUT_OF_SERVICE"))
                .andExpect(jsonPath("$.components.purgatory.components.payments.status").value("OUT_OF_SERVICE"))
                .andExpect(jsonPath("$.components.purgatory.components.payments.details.state").value("OPEN"));
        mvc.perform(get("/actuator/health/liveness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));
    }

    @Test
    void theRootHealthAggregatesEveryComponentSoItIsOutOfServiceToo() throws Exception {
        factory.getBreaker("payments").transitionTo(CircuitState.OPEN);

        mvc.perform(get("/actuator/health"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value("OUT_OF_SERVICE"));
    }
}
