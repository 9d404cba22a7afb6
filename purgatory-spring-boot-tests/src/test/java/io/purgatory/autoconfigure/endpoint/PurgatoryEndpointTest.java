package io.purgatory.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

class PurgatoryEndpointTest {

    private final CircuitBreakerFactory factory = CircuitBreakerFactory.builder()
            .defaults(CircuitBreakerConfig.builder().threshold(3).exclude(IllegalArgumentException.class).build())
            .breaker("configured", CircuitBreakerConfig.builder().ttl(Duration.ofSeconds(10)).build())
            .build();
    private final PurgatoryEndpoint endpoint = new PurgatoryEndpoint(factory);

    @Test
    void listsEveryBreakerSortedByName() {
        factory.getBreaker("payments");
        factory.getBreaker("inventory");

        assertThat(endpoint.breakers().breakers()).containsOnlyKeys("configured", "inventory", "payments");
        assertThat(endpoint.breakers().breakers().keySet()).containsExactly("configured", "inventory", "payments");
    }

    @Test
    void listsConfiguredBreakersBeforeTheirFirstCall() {
        assertThat(endpoint.breakers().breakers().get("configured").config()).containsEntry("ttl", Duration.ofSeconds(10));
    }

    @Test
    void describesStateFailuresStoreAndCallTotals() {
        CircuitBreaker breaker = factory.getBreaker("payments");
        breaker.run(() -> { });
        fail(breaker);

        BreakerDescriptor payments = endpoint.breaker("payments");

        assertThat(payments.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(payments.consecutiveFailures()).isEqualTo(1);
        assertThat(payments.store()).isEqualTo("memory");
        assertThat(payments.storeDegraded()).isFalse();
        assertThat(payments.openedAt()).isNull();
        assertThat(payments.calls()).containsExactly(java.util.Map.entry("success", 1L),
                java.util.Map.entry("failure", 1L), java.util.Map.entry("excluded", 0L),
                java.util.Map.entry("rejected", 0L));
    }

    @Test
    void showsTheEffectiveConfigurationAndWhenItLastChanged() {
        java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        factory.getBreaker("payments");
        assertThat(endpoint.breaker("payments").configChangedAt()).as("never changed").isNull();

        factory.reconfigure("payments", CircuitBreakerConfig.builder().threshold(7).build());

        BreakerDescriptor payments = endpoint.breaker("payments");
        assertThat(payments.config()).containsEntry("threshold", 7);
        assertThat(payments.configChangedAt()).isBetween(before, java.time.Instant.now());
    }

    @Test
    void describesEverySettingOfTheConfiguration() {
        BreakerDescriptor payments = BreakerDescriptor.of(factory.getBreaker("payments"));

        assertThat(payments.config())
                .containsEntry("threshold", 3)
                .containsEntry("ttl", Duration.ofSeconds(30))
                .containsEntry("halfOpenCalls", 1)
                .containsEntry("halfOpenSuccesses", 1)
                .containsEntry("exclude", List.of("java.lang.IllegalArgumentException"))
                .containsEntry("backoffMultiplier", 1.0)
                .containsEntry("maxTtl", Duration.ofSeconds(30))
                .hasSize(CircuitBreakerConfig.class.getRecordComponents().length);
    }

    @Test
    void describesTheSlidingWindowWithUnknownRatesBelowTheMinimum() {
        CircuitBreakerFactory windowed = CircuitBreakerFactory.builder()
                .defaults(CircuitBreakerConfig.builder().threshold(100).window(new io.purgatory.RateWindow(
                        io.purgatory.SlidingWindowType.COUNT_BASED, 10, Duration.ofMinutes(1), 2, 60f, 0f,
                        Duration.ofSeconds(1))).build())
                .build();
        CircuitBreaker breaker = windowed.getBreaker("search");
        breaker.run(() -> { });
        BreakerDescriptor early = BreakerDescriptor.of(breaker);
        assertThat(early.window()).containsEntry("calls", 1).containsEntry("failureRate", null);
        fail(breaker);
        BreakerDescriptor later = BreakerDescriptor.of(breaker);
        assertThat(later.window()).containsEntry("calls", 2).containsEntry("failures", 1).containsEntry("failureRate", 50f);
        assertThat(later.config().get("window")).isInstanceOf(java.util.Map.class);
        assertThat(BreakerDescriptor.of(factory.getBreaker("payments")).window()).isNull();
    }

    @Test
    void describesWhenAnOpenCircuitOpened() {
        factory.getBreaker("payments").transitionTo(CircuitState.OPEN);

        BreakerDescriptor payments = endpoint.breaker("payments");

        assertThat(payments.openedAt()).isNotNull();
        assertThat(payments.openPeriod()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readingAnUnknownNameFindsNothingAndCreatesNothing() {
        assertThat(endpoint.breaker("typo")).isNull();
        assertThat(factory.findBreaker("typo")).isEmpty();
    }

    @Test
    void forcingOpenRejectsCallsAndAnswersWithTheNewState() {
        CircuitBreaker breaker = factory.getBreaker("payments");

        BreakerDescriptor result = endpoint.forceState(segments("payments"), "OPEN");

        assertThat(result.state()).isEqualTo(CircuitState.OPEN);
        assertThatThrownBy(() -> breaker.run(() -> { })).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void forcingClosedResetsTheFailureCount() {
        CircuitBreaker breaker = factory.getBreaker("payments");
        fail(breaker);

        endpoint.forceState(segments("payments"), "CLOSED");

        assertThat(breaker.getConsecutiveFailures()).isZero();
    }

    @Test
    void forcingAcceptsEveryStateInAnyCase() {
        CircuitBreaker breaker = factory.getBreaker("payments");

        for (CircuitState state : CircuitState.values()) {
            endpoint.forceState(segments("payments"), " " + state.name().toLowerCase() + " ");
            assertThat(breaker.getState()).isEqualTo(state);
        }
    }

    @Test
    void forcingAnUnknownStateIsAnInvalidRequestThatListsTheValidStates() {
        CircuitBreaker breaker = factory.getBreaker("payments");

        assertThatThrownBy(() -> endpoint.forceState(segments("payments"), "AJAR"))
                .isInstanceOf(InvalidEndpointRequestException.class)
                .hasMessage("Unknown state 'AJAR'; the states are [CLOSED, OPEN, HALF_OPEN, FORCED_OPEN, DISABLED]")
                .extracting(e -> ((InvalidEndpointRequestException) e).getReason()).isEqualTo("Unknown state 'AJAR'");
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void forcingWithoutAStateIsAnInvalidRequest() {
        factory.getBreaker("payments");

        assertThatThrownBy(() -> endpoint.forceState(segments("payments"), null))
                .isInstanceOf(InvalidEndpointRequestException.class);
    }

    @Test
    void forcingAnUnknownNameFindsNothingAndCreatesNothing() {
        assertThat(endpoint.forceState(segments("typo"), "OPEN")).isNull();
        assertThat(endpoint.forceState(segments("typo"), "AJAR")).as("the name is checked first").isNull();
        assertThat(factory.findBreaker("typo")).isEmpty();
    }

    @Test
    void forcingAConfiguredBreakerBeforeItsFirstCallWorks() {
        assertThat(endpoint.forceState(segments("configured"), "FORCED_OPEN").state()).isEqualTo(CircuitState.FORCED_OPEN);
        assertThat(factory.findBreaker("configured")).get().extracting(CircuitBreaker::getState)
                .isEqualTo(CircuitState.FORCED_OPEN);
    }

    @Test
    void readsABreakerWhoseNameHasASlashFromItsPathSegments() {
        factory.getBreaker("payments/eu").transitionTo(CircuitState.FORCED_OPEN);

        assertThat(endpoint.breaker("payments", "eu")).extracting(BreakerDescriptor::state).isEqualTo(CircuitState.FORCED_OPEN);
        assertThat(endpoint.breaker("payments")).as("the name's first segment alone").isNull();
    }

    @Test
    void forcesABreakerWhoseNameHasASlash() {
        CircuitBreaker breaker = factory.getBreaker("payments/eu");

        assertThat(endpoint.forceState(segments("payments/eu"), "OPEN").state()).isEqualTo(CircuitState.OPEN);

        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void anUnknownNameWithASlashIsNotFoundAndCreatesNothing() {
        factory.getBreaker("payments");

        assertThat(endpoint.breaker("payments", "eu")).isNull();
        assertThat(endpoint.forceState(segments("payments/eu"), "OPEN")).isNull();
        assertThat(factory.findBreaker("payments/eu")).isEmpty();
    }

    @Test
    void forcingABreakerWithASlashIntoAnUnknownStateIsAnInvalidRequest() {
        CircuitBreaker breaker = factory.getBreaker("payments/eu");

        assertThatThrownBy(() -> endpoint.forceState(segments("payments/eu"), "AJAR"))
                .isInstanceOf(InvalidEndpointRequestException.class);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    /** The path segments that carry a name, as the web layer passes them: split at each '/'. */
    private static String[] segments(String name) {
        return name.split("/");
    }

    private static void fail(CircuitBreaker breaker) {
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
    }
}
