package io.purgatory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The low-level permit API of one breaker, for frameworks that run guarded calls themselves (an
 * aspect, a reactive operator): ask for a permit, run the call, report its outcome with the permit.
 * Obtained from {@link CircuitBreaker#permits()}; thread-safe, and allocation-free while the circuit
 * is closed and healthy.
 *
 * <p>A permit's outcome counts once: reporting a trial permit a second time (a success, then a
 * release from a cancellation racing with it) changes nothing. A trial permit that is never reported
 * loses its slot after {@link CircuitBreakerConfig#halfOpenTimeout()}. A permit of a closed circuit
 * holds no slot, so a second report cannot admit another call; it is counted as given, like any
 * report (a success resets the failures in a row), because remembering each permit would cost every
 * healthy call an allocation: report each call once, as the guarded forms ({@code get}, {@code call},
 * {@code executeAsync}) and the Spring advice do.
 *
 * <pre>{@code
 * CircuitPermits permits = breaker.permits();
 * long permit = permits.tryAcquire();
 * if (permit == CircuitPermits.REJECTED) throw permits.openException();
 * long start = permits.callStart();
 * try { result = body(); } catch (Throwable t) { permits.onError(permit, start, t); throw t; }
 * permits.onSuccess(permit, start);
 * }</pre>
 */
public final class CircuitPermits {

    /** The answer of {@link #tryAcquire()} when the call must not run. */
    public static final long REJECTED = io.purgatory.store.StoredCircuit.REJECTED;

    private final CircuitBreaker breaker;

    CircuitPermits(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    /**
     * Asks whether a call may run now. A rejection is counted and published here.
     *
     * @return a permit to pass to {@link #onSuccess}, {@link #onError} or {@link #release}, or {@link #REJECTED}
     */
    public long tryAcquire() {
        return breaker.tryAcquirePermission();
    }

    /**
     * Asks whether a call may run now, throwing when it may not.
     *
     * @return a permit to pass to {@link #onSuccess}, {@link #onError} or {@link #release}
     * @throws CircuitOpenException when the call must not run
     */
    public long acquire() {
        return breaker.acquirePermission();
    }

    /**
     * Builds the exception that reports a rejection by this circuit (without counting one).
     *
     * @return a new exception naming this circuit, with the time it opened
     */
    public CircuitOpenException openException() {
        return breaker.openException();
    }

    /**
     * Marks the start of an admitted call, to pass to {@link #onSuccess} and {@link #onError}.
     *
     * @return a mark of the monotonic time when this breaker times its calls (subtracting two marks gives a
     *     duration), otherwise 0 without reading the clock
     */
    public long callStart() {
        return breaker.callStart();
    }

    /**
     * Whether this breaker measures how long calls take (for call-time meters or a slow-call condition).
     *
     * @return {@code true} when calls are timed
     */
    public boolean isTimed() {
        return breaker.isTimed();
    }

    /**
     * Records that an admitted call succeeded.
     *
     * @param permit the call's permit
     * @param startNanos the call's start, from {@link #callStart()}
     */
    public void onSuccess(long permit, long startNanos) {
        breaker.onSuccess(permit, startNanos);
    }

    /**
     * Records that an admitted call threw. An excluded exception is recorded as a success, an
     * interruption as neither, a fatal error ({@link VirtualMachineError}) as a failure (see
     * {@link CallClassification}).
     *
     * @param permit the call's permit
     * @param startNanos the call's start, from {@link #callStart()}
     * @param failure what the call threw
     * @return {@code true} when the failure was counted and is not fatal: only then may a fallback replace it
     */
    public boolean onError(long permit, long startNanos, Throwable failure) {
        return breaker.onError(permit, startNanos, failure);
    }

    /**
     * Gives back a permit whose call ended with neither outcome (a cancelled subscription), freeing
     * its trial slot without counting anything.
     *
     * @param permit the call's permit
     */
    public void release(long permit) {
        breaker.releasePermission(permit);
    }

    /**
     * Tells how this breaker counts an exception a call threw, without recording anything.
     *
     * @param failure the exception
     * @return its classification
     */
    public CallClassification classify(Throwable failure) {
        return breaker.classify(failure);
    }

    /**
     * Returns the exception a stage or future failed with, without the wrappers the JDK adds.
     *
     * @param failure what a stage or future reported
     * @return its cause for a {@link CompletionException} or {@link ExecutionException} with a cause
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
