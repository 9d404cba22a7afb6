package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one rule for circuit names, at its edges. */
class CircuitNamesTest {

    @Test
    void acceptsOrdinaryNamesUpToTheMaximumLength() {
        assertThat(CircuitNames.isValid("payments")).isTrue();
        assertThat(CircuitNames.isValid("payments/eu v2.ü")).isTrue();
        assertThat(CircuitNames.isValid("x")).isTrue();
        assertThat(CircuitNames.isValid("x".repeat(CircuitNames.MAX_LENGTH))).isTrue();
    }

    @Test
    void refusesMissingBlankTooLongAndControlCharacters() {
        assertThat(CircuitNames.isValid(null)).isFalse();
        assertThat(CircuitNames.isValid("")).isFalse();
        assertThat(CircuitNames.isValid(" \t ")).isFalse();
        assertThat(CircuitNames.isValid("x".repeat(CircuitNames.MAX_LENGTH + 1))).isFalse();
        assertThat(CircuitNames.isValid("pay\nments")).isFalse();
        assertThat(CircuitNames.isValid("pay\u0000ments")).isFalse();
        assertThat(CircuitNames.isValid("pay\u007Fments")).isFalse();
    }

    @Test
    void theRuleInWordsNamesTheLimit() {
        assertThat(CircuitNames.RULE).contains(Integer.toString(CircuitNames.MAX_LENGTH));
    }
}
