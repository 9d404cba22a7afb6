package io.purgatory.autoconfigure.health;

import io.purgatory.autoconfigure.testing.Http;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The set-up that docs/observability.md recommends: open breakers take the instance out of readiness only. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = HealthTestApplication.class, properties = {
        "management.health.purgatory.enabled=true",
        "management.health.purgatory.open-status=out-of-service",
        "management.endpoint.health.probes.enabled=true",
        "management.endpoint.health.show-details=always",
        "management.endpoint.health.group.readiness.include=readinessState,purgatory",
        "purgatory.breakers.payments.threshold=2" })
class PurgatoryReadinessWebTest {

    @LocalServerPort
    private int port;

    @Autowired
    private CircuitBreakerFactory factory;

    @AfterEach
    void close() {
        factory.getBreaker("payments").transitionTo(CircuitState.CLOSED);
    }

    @Test
    void closedBreakersAreReady() throws Exception {
        new Http(port).get("/actuator/health/readiness")
                .hasStatus(200)
                .hasJson("$.status", "UP");
    }

    @Test
    void anOpenBreakerTakesTheInstanceOutOfReadinessButNotLiveness() throws Exception {
        factory.getBreaker("payments").transitionTo(CircuitState.OPEN);

        new Http(port).get("/actuator/health/readiness")
                .hasStatus(503)
                .hasJson("$.status", "OUT_OF_SERVICE")
                .hasJson("$.components.purgatory.components.payments.status", "OUT_OF_SERVICE")
                .hasJson("$.components.purgatory.components.payments.details.state", "OPEN");
        new Http(port).get("/actuator/health/liveness")
                .hasStatus(200)
                .hasJson("$.status", "UP");
    }

    @Test
    void theRootHealthAggregatesEveryComponentSoItIsOutOfServiceToo() throws Exception {
        factory.getBreaker("payments").transitionTo(CircuitState.OPEN);

        new Http(port).get("/actuator/health")
                .hasStatus(503)
                .hasJson("$.status", "OUT_OF_SERVICE");
    }
}
