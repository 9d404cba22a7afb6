package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.store.CircuitSnapshot;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Issue 12, item 8: the public value types are built with builders that survive new settings. */
class BuildersTest {

    @Test
    void aRateWindowBuilderSetsOnlyWhatTheWindowTypeUses() {
        assertThat(RateWindow.builder().countBased(20).minimumCalls(10).failureRateThreshold(50).build())
                .isEqualTo(new RateWindow(SlidingWindowType.COUNT_BASED, 20, Duration.ofMinutes(1), 10, 50f, 0f,
                        Duration.ofMinutes(1)));
        RateWindow timed = RateWindow.builder().timeBased(Duration.ofSeconds(10))
                .slowCallRateThreshold(80, Duration.ofSeconds(2)).build();
        assertThat(timed.type()).isEqualTo(SlidingWindowType.TIME_BASED);
        assertThat(timed.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(timed.slowCallDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(RateWindow.builder().countBased(5).build().minimumCalls()).as("capped at a small window").isEqualTo(5);
    }

    @Test
    void theHalfOpenTimeoutHasADefaultAndSurvivesToBuilder() {
        assertThat(CircuitBreakerConfig.defaults().halfOpenTimeout()).isEqualTo(Duration.ofSeconds(60));
        CircuitBreakerConfig config = CircuitBreakerConfig.builder().halfOpenTimeout(Duration.ofSeconds(5)).build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(new CircuitBreakerConfig(5, Duration.ofSeconds(30), 1, 1, java.util.List.of(), 1.0,
                Duration.ofSeconds(30), RateWindow.NONE)).as("the first release's constructor").isEqualTo(CircuitBreakerConfig.defaults());
    }

    @Test
    void aSnapshotBuilderRoundTrips() {
        CircuitSnapshot snapshot = CircuitSnapshot.builder(CircuitState.OPEN).openedAt(Instant.EPOCH)
                .openPeriod(Duration.ofSeconds(30)).reopenings(2).version(7).degraded(true).build();
        assertThat(snapshot.toBuilder().build()).isEqualTo(snapshot);
        assertThat(snapshot.version()).isEqualTo(7);
    }
}
