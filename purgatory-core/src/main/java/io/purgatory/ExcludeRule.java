package io.purgatory;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * One entry of a breaker's exclude list: an exception type (subclasses match) and an optional
 * predicate. An excluded exception counts as a success for the circuit and is still rethrown
 * unchanged. Immutable; thread-safe when the predicate is.
 *
 * @param type the exception type this rule is about; subclasses match
 * @param predicate decides, for an exception of {@code type}, whether it is excluded
 */
public record ExcludeRule(Class<? extends Throwable> type, Predicate<? super Throwable> predicate) {

    private static final Predicate<Throwable> ALWAYS = t -> true;

    /** Validates the rule. */
    public ExcludeRule {
        Objects.requireNonNull(type, "exclude type must not be null");
        Objects.requireNonNull(predicate, "exclude predicate must not be null");
    }

    /**
     * Excludes every exception of the given type and its subclasses.
     *
     * @param type the excluded type
     * @return the rule
     */
    public static ExcludeRule of(Class<? extends Throwable> type) {
        return new ExcludeRule(type, ALWAYS);
    }

    /**
     * Excludes exceptions of the given type for which the predicate answers {@code true}.
     *
     * @param type the type the rule is about
     * @param predicate decides for a matching exception
     * @param <T> the exception type
     * @return the rule
     */
    @SuppressWarnings("unchecked")
    public static <T extends Throwable> ExcludeRule of(Class<T> type, Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "exclude predicate must not be null");
        return new ExcludeRule(type, t -> ((Predicate<Object>) predicate).test(t));
    }

    /**
     * Whether this rule is the one that decides for the given exception (its class matches).
     *
     * @param failure a thrown exception
     * @return {@code true} when {@code failure} is an instance of {@link #type()}
     */
    public boolean matches(Throwable failure) {
        return type.isInstance(failure);
    }
}
