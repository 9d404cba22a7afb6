package io.purgatory.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import io.purgatory.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BreakerHealthTest {

    private final ManualTimeSource time = new ManualTimeSource();
    private final CircuitBreakerFactory factory = CircuitBreakerFactory.builder()
            .defaults(CircuitBreakerConfig.builder().ttl(Duration.ofSeconds(10)).build())
            .timeSource(time)
            .build();
    private final CircuitBreaker breaker = factory.getBreaker("payments");

    private BreakerHealth health(OpenCircuitStatus openStatus) {
        return BreakerHealth.of(breaker, openStatus, time);
    }

    @Test
    void closedIsUp() {
        assertThat(health(OpenCircuitStatus.DOWN).statusCode()).isEqualTo("UP");
    }

    @Test
    void openKeepsTheApplicationUpByDefault() {
        breaker.transitionTo(CircuitState.OPEN);

        assertThat(health(new PurgatoryHealthProperties().getOpenStatus()).statusCode()).isEqualTo("UP");
    }

    @ParameterizedTest
    @EnumSource(OpenCircuitStatus.class)
    void openMapsToTheConfiguredStatus(OpenCircuitStatus openStatus) {
        breaker.transitionTo(CircuitState.OPEN);

        assertThat(health(openStatus).statusCode()).isEqualTo(openStatus.code());
    }

    @ParameterizedTest
    @EnumSource(OpenCircuitStatus.class)
    void forcedOpenMapsToTheConfiguredStatus(OpenCircuitStatus openStatus) {
        breaker.transitionTo(CircuitState.FORCED_OPEN);

        assertThat(health(openStatus).statusCode()).isEqualTo(openStatus.code());
    }

    @Test
    void openWhoseOpenPeriodHasPassedIsUpSoThatTrafficCanBringTheTrial() {
        breaker.transitionTo(CircuitState.OPEN);

        time.advance(Duration.ofSeconds(10));

        assertThat(health(OpenCircuitStatus.OUT_OF_SERVICE).statusCode()).isEqualTo("UP");
    }

    @ParameterizedTest
    @EnumSource(value = CircuitState.class, names = { "HALF_OPEN", "DISABLED" })
    void stateThatLetsCallsThroughIsUp(CircuitState state) {
        breaker.transitionTo(state);

        assertThat(health(OpenCircuitStatus.DOWN).statusCode()).isEqualTo("UP");
    }

    @Test
    void detailsShowStateFailuresThresholdAndStore() {
        breaker.transitionTo(CircuitState.OPEN);

        assertThat(health(OpenCircuitStatus.UP).details())
                .containsEntry("state", CircuitState.OPEN)
                .containsEntry("consecutiveFailures", 0)
                .containsEntry("threshold", 5)
                .containsEntry("store", "memory")
                .containsEntry("storeDegraded", false)
                .containsKey("openedAt");
    }
}
