package io.purgatory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CircuitKeysTest {

    @Test
    void keysOfOneCircuitShareTheHashTagOfItsName() {
        CircuitKeys keys = CircuitKeys.of("purgatory", "payments");

        assertThat(keys.state()).isEqualTo("purgatory:{payments}:s");
        assertThat(keys.leases()).isEqualTo("purgatory:{payments}:p");
    }

    @ParameterizedTest
    @ValueSource(strings = {"payments", "}starts-with-brace", "a{b}c", "{}", "100%", "ünïcødé name"})
    void bothKeysOfAnyNameMapToOneSlot(String name) {
        CircuitKeys keys = CircuitKeys.of("purgatory", name);

        assertThat(SlotHash.getSlot(keys.leases())).isEqualTo(SlotHash.getSlot(keys.state()));
    }

    @Test
    void bracesAndPercentInNamesAreEncodedSoDistinctNamesKeepDistinctKeys() {
        assertThat(CircuitKeys.of("p", "a{b}").state()).isEqualTo("p:{a%7Bb%7D}:s");
        assertThat(CircuitKeys.of("p", "a%7Bb%7D").state()).isNotEqualTo(CircuitKeys.of("p", "a{b}").state());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "tab\there", "new\nline"})
    void rejectsBlankNamesAndControlCharacters(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> CircuitKeys.of("p", name))
                .withMessageContaining("circuit name");
    }

    @Test
    void rejectsNamesLongerThanTheCoreLimit() {
        assertThatIllegalArgumentException().isThrownBy(() -> CircuitKeys.of("p", "x".repeat(201)))
                .withMessageContaining("at most 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a{b", "a}b", "with space"})
    void settingsRejectKeyPrefixesThatWouldBreakTheHashTag(String prefix) {
        assertThatIllegalArgumentException().isThrownBy(() -> new RedisStoreSettings(prefix,
                RedisStoreSettings.defaults().commandTimeout(), RedisStoreSettings.defaults().connectTimeout(),
                RedisStoreSettings.defaults().refreshInterval(), RedisStoreSettings.defaults().leaseDuration(),
                RedisStoreSettings.defaults().keyTtl(), RedisStoreSettings.defaults().activeWindow(),
                RedisStoreSettings.defaults().maxRetryInterval())).withMessageContaining("keyPrefix");
    }
}
