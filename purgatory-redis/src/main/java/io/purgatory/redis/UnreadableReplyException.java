package io.purgatory.redis;

/**
 * Redis answered a script, but in a form this version cannot read (another shape, a field that is
 * not a number): only the circuit it concerns is affected, Redis itself is fine. Never reaches a
 * caller. Immutable; thread-safe.
 */
final class UnreadableReplyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnreadableReplyException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
