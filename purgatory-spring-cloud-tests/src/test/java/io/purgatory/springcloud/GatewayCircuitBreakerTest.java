package io.purgatory.springcloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Cloud Gateway route with the {@code CircuitBreaker} filter and {@code fallbackUri: forward:/fallback},
 * in a reactive application of its own: the upstream's 500s are failures of Purgatory's circuit {@code backend}, each
 * answered by the fallback, and once the circuit is open requests are answered by the fallback without reaching the
 * upstream.
 */
@SpringBootTest(classes = GatewayCircuitBreakerTest.GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.main.web-application-type=reactive",
                "purgatory.breakers.backend.threshold=2",
                "purgatory.breakers.backend.ttl=1h",
                "spring.cloud.gateway.server.webflux.routes[0].id=backend",
                "spring.cloud.gateway.server.webflux.routes[0].uri=${backend.url}",
                "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/backend/**",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].name=CircuitBreaker",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.name=backend",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.fallbackUri=forward:/fallback",
                "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.statusCodes=500" })
class GatewayCircuitBreakerTest {

    private static final Backend BACKEND = Backend.start();

    @DynamicPropertySource
    static void backend(DynamicPropertyRegistry registry) {
        registry.add("backend.url", BACKEND::url);
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.close();
    }

    @LocalServerPort
    private int port;

    @Autowired
    private CircuitBreakerFactory breakers;

    @Test
    void upstreamFailuresOpenTheRoutesCircuitAndTheFallbackAnswers() {
        LocalHttp http = new LocalHttp(port);
        BACKEND.answer(200);
        assertThat(http.get("/backend/hello").body()).isEqualTo("status 200");

        BACKEND.answer(500);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> reply = http.get("/backend/hello");
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("fallback");
        }
        assertThat(breakers.getBreaker("backend").getState()).isEqualTo(CircuitState.OPEN);

        int reached = BACKEND.requests();
        BACKEND.answer(200);
        assertThat(http.get("/backend/hello").body()).isEqualTo("fallback");
        assertThat(BACKEND.requests()).isEqualTo(reached);
    }

    /** The gateway's fallback endpoint. */
    @RestController
    static class FallbackController {

        @GetMapping("/fallback")
        String fallback() {
            return "fallback";
        }
    }

    /** A reactive gateway application; OpenFeign, also on the test class path, has no client here. */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(FallbackController.class)
    static class GatewayApplication {
    }
}
