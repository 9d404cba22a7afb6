package io.purgatory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the count window asks for a judgement whatever the call's outcome. */
class CountWindowTest {

    @Test
    void asksForAJudgementWhileFillingAndNotOnceFull() {
        CountWindow window = new CountWindow(3, 3);
        assertThat(window.record(false, false, 0)).isTrue();
        assertThat(window.record(false, false, 0)).isTrue();
        assertThat(window.record(false, false, 0)).as("reaches the minimum").isTrue();
        assertThat(window.record(false, false, 0)).as("full: replaces an older call").isFalse();
        assertThat(window.rates(0).calls()).isEqualTo(3);
    }

    @Test
    void fillsAgainAfterAReset() {
        CountWindow window = new CountWindow(2, 2);
        window.record(true, false, 0);
        window.record(true, false, 0);
        window.reset();
        assertThat(window.rates(0).calls()).isZero();
        assertThat(window.record(false, false, 0)).isTrue();
    }
}
