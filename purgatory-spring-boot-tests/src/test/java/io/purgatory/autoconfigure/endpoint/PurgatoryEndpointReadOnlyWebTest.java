package io.purgatory.autoconfigure.endpoint;

import io.purgatory.autoconfigure.testing.Http;
import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = EndpointTestApplication.class, properties = {
        "management.endpoints.web.exposure.include=purgatory",
        "management.endpoint.purgatory.access=read-only",
        "purgatory.breakers.payments.threshold=2" })
class PurgatoryEndpointReadOnlyWebTest {

    @LocalServerPort
    private int port;

    @Autowired
    private CircuitBreakerFactory factory;

    @Test
    void readOnlyAccessStillReads() throws Exception {
        new Http(port).get("/actuator/purgatory/payments").hasStatus(200);
    }

    @Test
    void readOnlyAccessRefusesToForceAState() throws Exception {
        new Http(port).post("/actuator/purgatory/payments", "{\"state\": \"OPEN\"}")
                .hasStatus(405);

        assertThat(factory.getBreaker("payments").getState()).isEqualTo(CircuitState.CLOSED);
    }
}
