package io.purgatory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The time window's edge that only a late thread reaches: a call ending before its slot's current period. */
class TimeWindowTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void aCallThatEndedBeforeItsSlotsCurrentPeriodIsOutsideTheWindowAndNotCounted() {
        TimeWindow window = new TimeWindow(Duration.ofSeconds(10), 1);
        long now = 100 * SECOND;
        assertThat(window.record(false, false, now)).isTrue();
        // A thread that read the clock ten periods earlier lands on the same slot, now holding a newer period.
        assertThat(window.record(true, false, now - 10 * SECOND)).isFalse();
        assertThat(window.rates(now).calls()).isEqualTo(1);
        assertThat(window.rates(now).failures()).isZero();
    }

    @Test
    void theFirstCallOfANewPeriodAsksForAJudgementAndLaterSuccessesBeyondTheMinimumDoNot() {
        TimeWindow window = new TimeWindow(Duration.ofSeconds(10), 2);
        long now = 100 * SECOND;
        assertThat(window.record(false, false, now)).as("1st call of the period").isTrue();
        assertThat(window.record(false, false, now)).as("2nd: may reach the minimum").isTrue();
        assertThat(window.record(false, false, now)).as("3rd: the rest of the window is unchanged").isFalse();
        assertThat(window.record(false, false, now + SECOND)).as("a new period: older calls may have left").isTrue();
    }
}
