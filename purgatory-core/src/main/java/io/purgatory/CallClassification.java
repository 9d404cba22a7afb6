package io.purgatory;

/**
 * How a breaker counts an exception thrown by a guarded call. Immutable; thread-safe.
 *
 * <p>Decided behaviour: only a counted failure may be replaced by a fallback; everything else
 * reaches the caller unchanged. An interruption counts as neither success nor failure (the caller
 * was stopped, the dependency did not fail) and the interrupt flag is left as the call left it. A
 * fatal error ({@link VirtualMachineError}: out of memory, stack overflow) counts as a failure, as
 * every other throwable of the call does, but is rethrown untouched and never given to a fallback:
 * nothing sensible can run in its place.
 */
public enum CallClassification {

    /** A counted failure: moves the circuit towards opening; a fallback may handle it. */
    FAILURE,

    /** Matches an exclude rule: recorded as a success, rethrown as it is. */
    EXCLUDED,

    /** An {@link InterruptedException}: neither success nor failure; rethrown, flag kept. */
    INTERRUPTED,

    /** A {@link VirtualMachineError}: counted as a failure; rethrown untouched, never to a fallback. */
    FATAL;

    /**
     * Whether a fallback may replace the exception.
     *
     * @return {@code true} only for {@link #FAILURE}
     */
    public boolean fallbackMayHandle() {
        return this == FAILURE;
    }
}
