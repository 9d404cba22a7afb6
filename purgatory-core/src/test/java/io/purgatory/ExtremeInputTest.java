package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** SPEC §7: bad or extreme input gets a clear error or works, and never loses the caller's exception. */
class ExtremeInputTest {

    private final ManualTimeSource clock = new ManualTimeSource(Long.MAX_VALUE - 10, 0);

    private CircuitBreaker breakerWithTtl(Duration ttl) {
        return CircuitBreakerFactory.builder()
                .defaults(CircuitBreakerConfig.builder().threshold(1).ttl(ttl).build())
                .timeSource(clock)
                .build()
                .getBreaker("extreme");
    }

    @Test
    void aCenturyLongOpenPeriodOutlivesMonotonicClockWrapAround() {
        Duration century = ChronoUnit.CENTURIES.getDuration();
        CircuitBreaker breaker = breakerWithTtl(century);
        RuntimeException failure = new RuntimeException("down");

        assertThat(catchThrowable(() -> breaker.run(() -> {
            throw failure;
        }))).isSameAs(failure);
        clock.advance(century); // the nanoTime reading wraps past Long.MAX_VALUE meanwhile
        assertThatThrownBy(() -> breaker.run(() -> { })).isInstanceOf(CircuitOpenException.class);
        clock.advanceNanos(1);
        breaker.run(() -> { });

        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aTtlBeyondTheNanosecondRangeIsRejectedNamingTheSetting() {
        // Deadlines are monotonic nanoseconds in a long: a millennium cannot be represented, so the
        // configuration refuses it instead of opening the circuit for a wrapped-around, shorter period.
        Duration forever = ChronoUnit.MILLENNIA.getDuration();

        assertThatThrownBy(() -> breakerWithTtl(forever))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl")
                .hasMessageContaining(forever.toString());
    }

    @Test
    void aHalfOpenTimeoutMustBePositiveAndRepresentable() {
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().halfOpenTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("halfOpenTimeout");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().halfOpenTimeout(ChronoUnit.MILLENNIA.getDuration()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("halfOpenTimeout");
    }

    @Test
    void aNullNameGetsAClearError() {
        CircuitBreakerFactory factory = new CircuitBreakerFactory();

        assertThatThrownBy(() -> factory.getBreaker(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("circuit name");
    }
}
