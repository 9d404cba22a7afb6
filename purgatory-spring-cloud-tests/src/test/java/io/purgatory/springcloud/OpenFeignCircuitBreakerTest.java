package io.purgatory.springcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import feign.FeignException;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * An OpenFeign client with {@code spring.cloud.openfeign.circuitbreaker.enabled=true} against a real local HTTP
 * server: OpenFeign names the circuit after the method's config key {@code RemoteClient#greeting()} with only its
 * letters and digits kept ({@code RemoteClientgreeting}, configured here under that plain key), and the server's
 * failures open it, after which calls no longer reach the server.
 */
@SpringBootTest(classes = OpenFeignCircuitBreakerTest.FeignApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "spring.main.web-application-type=none",
                "spring.cloud.gateway.server.webflux.enabled=false",
                "spring.cloud.openfeign.circuitbreaker.enabled=true",
                "purgatory.breakers.RemoteClientgreeting.threshold=2",
                "purgatory.breakers.RemoteClientgreeting.ttl=1h" })
class OpenFeignCircuitBreakerTest {

    /** OpenFeign's default circuit id for {@code RemoteClient#greeting()}: its config key, letters and digits only. */
    static final String CIRCUIT = "RemoteClientgreeting";

    /** Shared with {@link OpenFeignConfigKeyIdsTest}; each test class's context has its own circuits. */
    static final Backend BACKEND = Backend.start();

    @DynamicPropertySource
    static void backend(DynamicPropertyRegistry registry) {
        registry.add("remote.url", BACKEND::url);
    }

    @Autowired
    private RemoteClient client;

    @Autowired
    private CircuitBreakerFactory breakers;

    @Test
    void serverFailuresOpenTheClientsCircuitAndThenCallsDoNotReachTheServer() {
        BACKEND.answer(200);
        assertThat(client.greeting()).isEqualTo("status 200");
        assertThat(breakers.findBreaker(circuit())).get()
                .satisfies(circuit -> assertThat(circuit.getConfig().threshold()).isEqualTo(2)); // YAML applied

        BACKEND.answer(500);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(client::greeting).isInstanceOf(NoFallbackAvailableException.class)
                    .hasCauseInstanceOf(FeignException.class);
        }
        assertThat(breakers.getBreaker(circuit()).getState()).isEqualTo(CircuitState.OPEN);

        int reached = BACKEND.requests();
        BACKEND.answer(200);
        assertThatThrownBy(client::greeting).isInstanceOf(NoFallbackAvailableException.class)
                .hasCauseInstanceOf(CircuitOpenException.class);
        assertThat(BACKEND.requests()).isEqualTo(reached);
    }

    /** The circuit id OpenFeign uses for {@link RemoteClient#greeting()} in this test's configuration. */
    String circuit() {
        return CIRCUIT;
    }

    /** The remote service, as a Feign client. */
    @FeignClient(name = "remote", url = "${remote.url}")
    interface RemoteClient {

        @GetMapping("/greeting")
        String greeting();
    }

    /** Only the Feign client and the auto-configuration; the gateway on the test class path stays off. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @EnableFeignClients(clients = RemoteClient.class)
    static class FeignApplication {
    }
}
