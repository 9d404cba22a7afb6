package io.purgatory.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.autoconfigure.BootLineCheck.UnsupportedBootLineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.context.ApplicationContextInitializer;

class BootLineCheckTest {

    @ParameterizedTest
    @ValueSource(strings = { "3.5.7", "4.0.7", "4.1.2", "4.0.0-SNAPSHOT", "4.1.0-RC1" })
    void acceptsEverySupportedLine(String version) {
        assertThatCode(() -> BootLineCheck.check(version)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = { "3.4.10", "4.2.0", "2.7.18", "5.0.0-M1" })
    void rejectsOtherLinesNamingTheSupportedOnes(String version) {
        assertThatThrownBy(() -> BootLineCheck.check(version))
                .isInstanceOf(UnsupportedBootLineException.class)
                .hasMessage("Purgatory supports Spring Boot 3.5, 4.0, 4.1, but this application runs Spring Boot "
                        + version);
    }

    @Test
    void anUnknownVersionIsNotChecked() {
        assertThatCode(() -> BootLineCheck.check(null)).doesNotThrowAnyException();
    }

    @Test
    void theLineUnderTestIsSupported() {
        assertThatCode(() -> new BootLineCheck().initialize(new GenericApplicationContext()))
                .as("Spring Boot %s", SpringBootVersion.getVersion()).doesNotThrowAnyException();
        assertThat(SpringBootVersion.getVersion()).isNotNull();
    }

    @Test
    void theFailureAnalysisTellsWhatToDo() {
        FailureAnalysis analysis = new UnsupportedBootLineFailureAnalyzer()
                .analyze(new UnsupportedBootLineException("4.2.0"));

        assertThat(analysis.getDescription()).contains("runs Spring Boot 4.2.0");
        assertThat(analysis.getAction()).contains("3.5, 4.0, 4.1", "purgatory.allow-unsupported-boot-line=true");
    }

    @Test
    @SuppressWarnings("rawtypes")
    void runsBeforeAnyBeanAsAnApplicationContextInitializer() {
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationContextInitializer.class))
                .anyMatch(BootLineCheck.class::isInstance);
    }
}
