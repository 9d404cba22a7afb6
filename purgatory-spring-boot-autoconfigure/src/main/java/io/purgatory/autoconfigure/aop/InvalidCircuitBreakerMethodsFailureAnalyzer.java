package io.purgatory.autoconfigure.aop;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an {@link InvalidCircuitBreakerMethodsException} at start-up. Stateless; thread-safe. */
class InvalidCircuitBreakerMethodsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCircuitBreakerMethodsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidCircuitBreakerMethodsException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix each method listed above as its 'expected' line says: declare the fallback method in the same "
                        + "class with the expected signature (or remove fallbackMethod from the @CircuitBreaker annotation), "
                        + "or make the guarded method one that a Spring proxy can reach.",
                cause);
    }
}
