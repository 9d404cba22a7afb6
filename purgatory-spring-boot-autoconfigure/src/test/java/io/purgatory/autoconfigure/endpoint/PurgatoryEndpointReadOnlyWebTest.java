package io.purgatory.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@SpringBootTest(classes = EndpointTestApplication.class, properties = {
        "management.endpoints.web.exposure.include=purgatory",
        "management.endpoint.purgatory.access=read-only",
        "purgatory.breakers.payments.threshold=2" })
@AutoConfigureMockMvc
class PurgatoryEndpointReadOnlyWebTest {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private CircuitBreakerFactory factory;

    @Test
    void readOnlyAccessStillReads() throws Exception {
        mvc.perform(get("/actuator/purgatory/payments")).andExpect(status().isOk());
    }

    @Test
    void readOnlyAccessRefusesToForceAState() throws Exception {
        mvc.perform(post("/actuator/purgatory/payments").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"state\": \"OPEN\"}"))
                .andExpect(status().isMethodNotAllowed());

        assertThat(factory.getBreaker("payments").getState()).isEqualTo(CircuitState.CLOSED);
    }
}
