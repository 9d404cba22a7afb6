package io.purgatory.autoconfigure;

import io.purgatory.autoconfigure.BootLineCheck.UnsupportedBootLineException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link UnsupportedBootLineException} at start-up. Stateless; thread-safe. */
class UnsupportedBootLineFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedBootLineException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedBootLineException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Use Spring Boot " + String.join(", ", BootLineCheck.SUPPORTED_LINES) + " (the same "
                        + "io.purgatory:purgatory-spring-boot-starter serves each of them), or a Purgatory release that "
                        + "supports your line. To start anyway, at your own risk, set "
                        + BootLineCheck.OVERRIDE_PROPERTY + "=true.",
                cause);
    }
}
