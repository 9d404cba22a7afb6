package io.purgatory.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link InvalidPurgatoryPropertiesException} at start-up. Stateless; thread-safe. */
class InvalidPurgatoryPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidPurgatoryPropertiesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidPurgatoryPropertiesException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Update your application's configuration: give each property listed above a valid value "
                        + "(see the purgatory.* reference in the README or your IDE's completion), or remove it to use the default.",
                cause);
    }
}
