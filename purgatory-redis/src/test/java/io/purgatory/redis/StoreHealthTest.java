package io.purgatory.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.ManualTimeSource;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Episodes of one store's health, as a plain object: which failures start one, and how many it takes. */
class StoreHealthTest {

    final StoreHealth health = new StoreHealth(new ManualTimeSource(), Duration.ofMillis(100), Duration.ofSeconds(1),
            3, "test store");

    @Test
    void failedCommandsStartAnEpisodeOnlyWhenTheyComeThreeInARow() {
        int sent = health.status();

        assertThat(health.failed(new IllegalStateException("timeout"), sent)).isFalse();
        assertThat(health.failed(new IllegalStateException("BUSY"), sent)).isFalse();
        health.succeeded(); // one answer in between: the count starts again
        assertThat(health.failed(new IllegalStateException("LOADING"), sent)).isFalse();
        assertThat(health.failed(new IllegalStateException("TRYAGAIN"), sent)).isFalse();
        assertThat(StoreHealth.isDegraded(health.status())).isFalse();

        assertThat(health.failed(new IllegalStateException("third in a row"), sent)).isTrue();
        assertThat(health.episodes()).isEqualTo(1);
        assertThat(health.reason()).isEqualTo("third in a row");
    }

    @Test
    void anUnreachableServerStartsOneEpisodeAtOnceHoweverManyOperationsReportIt() {
        int sent = health.status();

        assertThat(health.unreachable(new IllegalStateException("first"), sent)).isTrue();
        assertThat(health.unreachable(new IllegalStateException("second"), sent)).isTrue();
        assertThat(health.failed(new IllegalStateException("third"), sent)).isTrue();

        assertThat(health.episodes()).isEqualTo(1);
        assertThat(health.reason()).isEqualTo("first");
    }

    @Test
    void failureOfAnOperationSentBeforeTheLastRecoveryIsStale() {
        int sentBeforeTheEpisode = health.status();
        health.unreachable(new IllegalStateException("timed out"), sentBeforeTheEpisode);
        health.recovered();

        for (int i = 0; i < 5; i++) {
            assertThat(health.failed(new IllegalStateException("late timeout"), sentBeforeTheEpisode)).isFalse();
        }
        assertThat(health.unreachable(new IllegalStateException("late"), sentBeforeTheEpisode)).isFalse();

        assertThat(StoreHealth.isDegraded(health.status())).isFalse();
        assertThat(health.episodes()).isEqualTo(1);
    }

    @Test
    void failureOfAnOperationSentAfterTheRecoveryStartsANewEpisode() {
        health.unreachable(new IllegalStateException("timed out"), health.status());
        health.recovered();

        assertThat(health.unreachable(new IllegalStateException("down again"), health.status())).isTrue();
        assertThat(health.episodes()).isEqualTo(2);
    }
}
