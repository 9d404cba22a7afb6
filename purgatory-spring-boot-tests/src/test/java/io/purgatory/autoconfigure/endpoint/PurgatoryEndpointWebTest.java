package io.purgatory.autoconfigure.endpoint;

import io.purgatory.autoconfigure.testing.Http;
import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = EndpointTestApplication.class, properties = {
        "management.endpoints.web.exposure.include=purgatory",
        "purgatory.breakers.payments.threshold=2",
        "purgatory.breakers.inventory.ttl=10s" })
class PurgatoryEndpointWebTest {

    @LocalServerPort
    private int port;

    @Autowired
    private CircuitBreakerFactory factory;

    @BeforeEach
    void closeEveryBreaker() {
        factory.getBreakers().forEach(breaker -> breaker.transitionTo(CircuitState.CLOSED));
    }

    @Test
    void listsEveryBreakerUnderBreakers() throws Exception {
        new Http(port).get("/actuator/purgatory")
                .hasStatus(200)
                .hasJson("$.breakers.payments.state", "CLOSED")
                .hasJson("$.breakers.payments.consecutiveFailures", 0)
                .hasJson("$.breakers.payments.store", "memory")
                .hasJson("$.breakers.payments.calls.rejected", 0)
                .hasJson("$.breakers.payments.config.threshold", 2)
                .hasJson("$.breakers.inventory.config.ttl", "PT10S")
                .lacksJson("$.breakers.inventory.openedAt");
    }

    @Test
    void readsOneBreaker() throws Exception {
        new Http(port).get("/actuator/purgatory/payments")
                .hasStatus(200)
                .hasJson("$.state", "CLOSED")
                .hasJson("$.config.halfOpenCalls", 1);
    }

    @Test
    void readingAnUnknownBreakerIsNotFound() throws Exception {
        new Http(port).get("/actuator/purgatory/typo").hasStatus(404);
    }

    @Test
    void postingAStateForcesItAndAnswersWithTheBreaker() throws Exception {
        new Http(port).post("/actuator/purgatory/payments", "{\"state\": \"OPEN\"}")
                .hasStatus(200)
                .hasJson("$.state", "OPEN")
                .hasJsonString("$.openedAt");
    }

    @Test
    void postingAnUnknownStateIsABadRequest() throws Exception {
        new Http(port).post("/actuator/purgatory/payments", "{\"state\": \"AJAR\"}")
                .hasStatus(400)
                .hasJson("$.error", "Unknown state 'AJAR'")
                .hasJson("$.validStates[0]", "CLOSED");
    }

    @Test
    void postingWithoutAStateIsABadRequest() throws Exception {
        new Http(port).post("/actuator/purgatory/payments", "{}")
                .hasStatus(400);
    }

    @Test
    void readsABreakerWhoseNameHasASlash() throws Exception {
        factory.getBreaker("payments/eu").transitionTo(CircuitState.FORCED_OPEN);

        new Http(port).get("/actuator/purgatory/payments/eu")
                .hasStatus(200)
                .hasJson("$.state", "FORCED_OPEN");
    }

    @Test
    void postingAStateToABreakerWhoseNameHasASlashForcesIt() throws Exception {
        CircuitBreaker breaker = factory.getBreaker("payments/eu");

        new Http(port).post("/actuator/purgatory/payments/eu", "{\"state\": \"OPEN\"}")
                .hasStatus(200)
                .hasJson("$.state", "OPEN");
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        assertThat(factory.getBreaker("payments").getState()).as("the name's first segment alone").isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void postingAnUnknownStateToABreakerWhoseNameHasASlashIsABadRequest() throws Exception {
        factory.getBreaker("payments/eu");

        new Http(port).post("/actuator/purgatory/payments/eu", "{\"state\": \"AJAR\"}")
                .hasStatus(400)
                .hasJson("$.error", "Unknown state 'AJAR'");
    }

    @Test
    void anUnknownNameWithASlashIsNotFoundAndCreatesNothing() throws Exception {
        new Http(port).get("/actuator/purgatory/payments/typo").hasStatus(404);
        new Http(port).post("/actuator/purgatory/payments/typo", "{\"state\": \"OPEN\"}")
                .hasStatus(404);

        assertThat(factory.findBreaker("payments/typo")).isEmpty();
    }

    @Test
    void readsABreakerWhoseNameIsPercentEncodedInThePath() throws Exception {
        factory.getBreaker("caf\u00e9 menu?100%").transitionTo(CircuitState.FORCED_OPEN);

        new Http(port).get("/actuator/purgatory/caf%C3%A9%20menu%3F100%25")
                .hasStatus(200)
                .hasJson("$.state", "FORCED_OPEN");
    }

    @Test
    void listsGroupsAndReadsAndForcesOneKeyThroughAQueryParameter() throws Exception {
        factory.getGroup("tenants").breaker("acme").transitionTo(CircuitState.CLOSED);
        factory.getGroup("tenants").breaker("globex").transitionTo(CircuitState.OPEN);

        new Http(port).get("/actuator/purgatory")
                .hasStatus(200)
                .hasJson("$.groups.tenants.keys", 2)
                .hasJson("$.groups.tenants.states.open", 1);
        new Http(port).get("/actuator/purgatory/tenants")
                .hasStatus(200)
                .hasJson("$.keys", 2)
                .hasJson("$.openKeys.globex", "OPEN");
        new Http(port).get("/actuator/purgatory/tenants?key=acme")
                .hasStatus(200)
                .hasJson("$.state", "CLOSED");
        new Http(port).post("/actuator/purgatory/tenants?key=acme", "{\"state\": \"FORCED_OPEN\"}")
                .hasStatus(200)
                .hasJson("$.state", "FORCED_OPEN");
        assertThat(factory.getGroup("tenants").findBreaker("acme").orElseThrow().getState())
                .isEqualTo(CircuitState.FORCED_OPEN);
        new Http(port).get("/actuator/purgatory/tenants?key=typo").hasStatus(404);
        new Http(port).post("/actuator/purgatory/tenants?key=typo", "{\"state\": \"OPEN\"}").hasStatus(404);
        new Http(port).get("/actuator/purgatory/nogroup?key=acme").hasStatus(404);
        assertThat(factory.getGroup("tenants").findBreaker("typo")).isEmpty();
    }

    @Test
    void postingToAnUnknownBreakerIsNotFound() throws Exception {
        new Http(port).post("/actuator/purgatory/typo", "{\"state\": \"OPEN\"}")
                .hasStatus(404);
    }
}
