package io.purgatory.redis;

/**
 * Redis could not answer a script in time; the breaker decides locally instead. Never reaches a
 * caller. Immutable; thread-safe.
 */
final class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StoreUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
