package io.purgatory.autoconfigure;

import java.util.List;

/**
 * Start-up failure for invalid {@code purgatory.*} values; lists every bad key with its value.
 * Immutable; thread-safe.
 */
public class InvalidPurgatoryPropertiesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    /**
     * Creates the exception.
     *
     * @param violations every invalid key, at least one
     */
    public InvalidPurgatoryPropertiesException(List<Violation> violations) {
        super(describe(violations));
        this.violations = List.copyOf(violations);
    }

    /**
     * Returns every invalid key found.
     *
     * @return the violations, in the order they were found
     */
    public List<Violation> getViolations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        StringBuilder text = new StringBuilder("Invalid Purgatory configuration:");
        violations.forEach(v -> text.append(System.lineSeparator()).append("  - ").append(v));
        return text.toString();
    }

    /**
     * One invalid property.
     *
     * @param key the full property key, for example {@code purgatory.breakers.payments.threshold}
     * @param value the rejected value as configured
     * @param reason what is wrong with it
     * @param origin where the value was configured, as Spring Boot describes it (for example
     *     {@code class path resource [application.yml] - 12:16}), or {@code null} when unknown
     */
    public record Violation(String key, Object value, String reason, String origin) {

        /**
         * A violation whose origin is not known (yet).
         *
         * @param key the full property key
         * @param value the rejected value as configured
         * @param reason what is wrong with it
         */
        public Violation(String key, Object value, String reason) {
            this(key, value, reason, null);
        }

        /**
         * Returns this violation with its origin.
         *
         * @param origin where the value was configured, or {@code null}
         * @return a violation naming the origin
         */
        public Violation withOrigin(String origin) {
            return new Violation(key, value, reason, origin);
        }

        @Override
        public String toString() {
            return key + " = '" + value + "': " + reason + (origin == null ? "" : " (origin: " + origin + ")");
        }
    }
}
