package io.purgatory.autoconfigure.aop;

import java.util.List;

/**
 * Start-up failure listing every {@code @CircuitBreaker} method whose fallback or settings cannot
 * work, or that a Spring proxy cannot reach. Immutable; thread-safe.
 */
public class InvalidCircuitBreakerMethodsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /**
     * Creates the exception.
     *
     * @param problems every bad method, at least one
     */
    public InvalidCircuitBreakerMethodsException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns every problem found.
     *
     * @return the problems, one per bad method
     */
    public List<Problem> getProblems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        StringBuilder text = new StringBuilder(problems.size() + " @CircuitBreaker method(s) cannot work:");
        problems.forEach(p -> text.append(System.lineSeparator()).append("  - ").append(p));
        return text.toString();
    }

    /**
     * One bad method.
     *
     * @param method the method, as {@code Class.method(ParamTypes)}
     * @param problem what is wrong
     * @param expected what would fit
     */
    public record Problem(String method, String problem, String expected) {

        @Override
        public String toString() {
            return method + ": " + problem + (expected == null ? "" : System.lineSeparator() + "      expected: " + expected);
        }
    }
}
