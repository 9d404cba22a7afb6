package io.purgatory.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Episodes of one store's health, as a plain object: which failures start one. */
class StoreHealthTest {

    final StoreHealth health = new StoreHealth(new ManualTimeSource(), Duration.ofMillis(100), Duration.ofSeconds(1),
            "test store");

    @Test
    void failureStartsOneEpisodeHoweverManyOperationsReportIt() {
        int sent = health.status();

        assertThat(health.degraded(new IllegalStateException("first"), sent)).isTrue();
        assertThat(health.degraded(new IllegalStateException("second"), sent)).isTrue();

        assertThat(health.episodes()).isEqualTo(1);
        assertThat(health.reason()).isEqualTo("first");
    }

    @Test
    void failureOfAnOperationSentBeforeTheLastRecoveryIsStale() {
        int sentBeforeTheEpisode = health.status();
        health.degraded(new IllegalStateException("timed out"), sentBeforeTheEpisode);
        health.recovered();

        boolean degraded = health.degraded(new IllegalStateException("late timeout"), sentBeforeTheEpisode);

        assertThat(degraded).isFalse();
        assertThat(StoreHealth.isDegraded(health.status())).isFalse();
        assertThat(health.episodes()).isEqualTo(1);
    }

    @Test
    void failureOfAnOperationSentAfterTheRecoveryStartsANewEpisode() {
        health.degraded(new IllegalStateException("timed out"), health.status());
        health.recovered();

        assertThat(health.degraded(new IllegalStateException("down again"), health.status())).isTrue();
        assertThat(health.episodes()).isEqualTo(2);
    }
}
