package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerConfigTest {

    @Test
    void defaultsArePurgatorys() {
        CircuitBreakerConfig config = CircuitBreakerConfig.defaults();
        assertThat(config.threshold()).isEqualTo(5);
        assertThat(config.ttl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.halfOpenCalls()).isEqualTo(1);
        assertThat(config.halfOpenSuccesses()).isEqualTo(1);
        assertThat(config.exclude()).isEmpty();
        assertThat(config.openPeriod(3)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void thresholdBelowOneIsRejectedWithFieldAndValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> CircuitBreakerConfig.builder().threshold(0).build())
                .withMessage("threshold must be at least 1, but was 0");
    }

    @Test
    void nonPositiveTtlIsRejectedWithFieldAndValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> CircuitBreakerConfig.builder().ttl(Duration.ZERO).build())
                .withMessage("ttl must be positive, but was PT0S");
        assertThatIllegalArgumentException().isThrownBy(() -> CircuitBreakerConfig.builder().ttl(Duration.ofSeconds(-1)).build())
                .withMessage("ttl must be positive, but was PT-1S");
    }

    @Test
    void halfOpenCallsBelowOneIsRejectedWithFieldAndValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> CircuitBreakerConfig.builder().halfOpenCalls(0).build())
                .withMessageStartingWith("halfOpenCalls must be at least 1, but was 0");
    }

    @Test
    void halfOpenSuccessesMustFitTheTrialRound() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CircuitBreakerConfig.builder().halfOpenCalls(2).halfOpenSuccesses(3).build())
                .withMessage("halfOpenSuccesses must be between 1 and halfOpenCalls (2), but was 3");
        assertThat(CircuitBreakerConfig.builder().halfOpenCalls(3).build().halfOpenSuccesses()).isEqualTo(3);
    }

    @Test
    void backoffSettingsAreValidated() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CircuitBreakerConfig.builder().backoff(0.5, Duration.ofMinutes(1)).build())
                .withMessage("backoffMultiplier must be a finite number of at least 1, but was 0.5");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CircuitBreakerConfig.builder().backoff(2, Duration.ofSeconds(1)).build())
                .withMessage("maxTtl must not be shorter than ttl (PT30S), but was PT1S");
    }

    @Test
    void subclassesOfAnExcludedTypeAreExcluded() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder().exclude(RuntimeException.class).build();
        assertThat(config.isExcluded(new IllegalStateException())).isTrue();
        assertThat(config.isExcluded(new IOException())).isFalse();
    }

    @Test
    void theFirstRuleWhoseTypeMatchesDecidesEvenWhenItsPredicateSaysCount() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder()
                .exclude(IllegalArgumentException.class, e -> e.getMessage().startsWith("4"))
                .exclude(RuntimeException.class)
                .build();
        assertThat(config.isExcluded(new IllegalArgumentException("404"))).isTrue();
        assertThat(config.isExcluded(new IllegalArgumentException("500"))).isFalse();
        assertThat(config.isExcluded(new UncheckedIOException(new IOException()))).isTrue();
    }

    @Test
    void excludeFirstPutsRulesInFront() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder().exclude(RuntimeException.class).build().toBuilder()
                .excludeFirst(java.util.List.of(ExcludeRule.of(IllegalStateException.class, e -> false)))
                .build();
        assertThat(config.isExcluded(new IllegalStateException())).isFalse();
        assertThat(config.isExcluded(new IllegalArgumentException())).isTrue();
    }

    @Test
    void toBuilderKeepsDerivedDefaultsDerived() {
        CircuitBreakerConfig changed = CircuitBreakerConfig.defaults().toBuilder()
                .ttl(Duration.ofMinutes(5)).halfOpenCalls(3).build();
        assertThat(changed.maxTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(changed.halfOpenSuccesses()).isEqualTo(3);
        assertThat(changed.toBuilder().build()).isEqualTo(changed);
    }

    @Test
    void invalidCircuitNamesAreRejected() {
        CircuitBreakerFactory factory = new CircuitBreakerFactory();
        assertThatIllegalArgumentException().isThrownBy(() -> factory.getBreaker(" "))
                .withMessage("circuit name must not be blank, but was ' '");
        assertThatIllegalArgumentException().isThrownBy(() -> factory.getBreaker("a\nb"))
                .withMessage("circuit name must not contain control characters, but was 'a?b'");
        assertThatIllegalArgumentException().isThrownBy(() -> factory.getBreaker("x".repeat(201)))
                .withMessage("circuit name must be at most 200 characters, but was 201 characters long");
        assertThat(factory.findBreaker("a\nb")).isEmpty();
    }
}
