package io.purgatory.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/** The HTTP statuses of a forced state, on the web extension as a plain object. */
class PurgatoryEndpointWebExtensionTest {

    private final CircuitBreakerFactory factory = CircuitBreakerFactory.builder()
            .breaker("configured", CircuitBreakerConfig.builder().ttl(Duration.ofSeconds(10)).build())
            .build();
    private final PurgatoryEndpointWebExtension extension = new PurgatoryEndpointWebExtension(new PurgatoryEndpoint(factory));

    @Test
    void forcingAStateIsOkWithTheBreakerAfterwards() {
        CircuitBreaker breaker = factory.getBreaker("payments");

        WebEndpointResponse<?> response = extension.forceState(new String[] {"payments"}, "OPEN", null);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(((BreakerDescriptor) response.getBody()).state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void forcingAnUnknownStateIsABadRequestThatListsTheValidStates() {
        CircuitBreaker breaker = factory.getBreaker("payments");

        WebEndpointResponse<?> response = extension.forceState(new String[] {"payments"}, "AJAR", null);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(((InvalidStateDescriptor) response.getBody()).error()).isEqualTo("Unknown state 'AJAR'");
        assertThat(((InvalidStateDescriptor) response.getBody()).validStates())
                .containsExactly("CLOSED", "OPEN", "HALF_OPEN", "FORCED_OPEN", "DISABLED");
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void forcingWithoutAStateIsABadRequest() {
        factory.getBreaker("payments");

        assertThat(extension.forceState(new String[] {"payments"}, null, null).getStatus()).isEqualTo(400);
    }

    @Test
    void forcingAnUnknownNameIsNotFoundAndCreatesNothing() {
        assertThat(extension.forceState(new String[] {"typo"}, "OPEN", null).getStatus()).isEqualTo(404);
        assertThat(extension.forceState(new String[] {"typo"}, "AJAR", null).getStatus()).isEqualTo(404);
        assertThat(factory.findBreaker("typo")).isEmpty();
    }

    @Test
    void forcingAConfiguredBreakerBeforeItsFirstCallIsOk() {
        assertThat(extension.forceState(new String[] {"configured"}, "FORCED_OPEN", null).getStatus()).isEqualTo(200);
        assertThat(factory.findBreaker("configured")).get().extracting(CircuitBreaker::getState)
                .isEqualTo(CircuitState.FORCED_OPEN);
    }

    @Test
    void aNameWithASlashIsFoundFromItsSegments() {
        factory.getBreaker("payments/eu");

        assertThat(extension.forceState(new String[] {"payments", "eu"}, "OPEN", null).getStatus()).isEqualTo(200);
        assertThat(extension.forceState(new String[] {"payments", "eu"}, "AJAR", null).getStatus()).isEqualTo(400);
        assertThat(extension.forceState(new String[] {"payments", "us"}, "OPEN", null).getStatus()).isEqualTo(404);
        assertThat(factory.findBreaker("payments/us")).isEmpty();
    }
}
