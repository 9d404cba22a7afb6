package io.purgatory.redis;

import io.purgatory.TimeSource;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether one store can reach Redis, counted in episodes, with the back-off of reconnection
 * attempts while it cannot. Thread-safe: the status is one atomic counter.
 *
 * <p>The status is even while Redis is reachable and odd while it is not; every change increments
 * it. A circuit compares it with the last status it saw on every call (one volatile read), so
 * circuits learn about a change without the store iterating over them on a caller's thread.
 * Exactly one log line is written when an episode starts and one when it ends.
 *
 * <p>Hysteresis: one failed command (a timeout, {@code BUSY}, {@code LOADING}, {@code TRYAGAIN})
 * does not start an episode; {@code degradeAfterErrors} failed commands in a row do, and any
 * successful command resets the count. A connection that cannot be opened or is lost starts one at once.
 */
final class StoreHealth {

    private static final System.Logger LOG = System.getLogger(RedisCircuitStore.class.getName());

    private final AtomicInteger status = new AtomicInteger();
    private final AtomicInteger errorsInARow = new AtomicInteger();
    private final int degradeAfterErrors;
    private final TimeSource time;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final String description;
    private volatile String reason = "";
    private volatile long nextRetryNanos;
    private volatile long retryDelayNanos; // set when an episode starts (any thread), doubled by the store thread

    StoreHealth(TimeSource time, Duration firstRetry, Duration maxRetry, int degradeAfterErrors, String description) {
        this.time = time;
        this.degradeAfterErrors = degradeAfterErrors;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.description = description;
    }

    /**
     * Returns the status counter: even while healthy, odd while degraded.
     *
     * @return the status
     */
    int status() {
        return status.get();
    }

    /**
     * Whether a status is a degraded one.
     *
     * @param status a value of {@link #status()}
     * @return {@code true} when odd
     */
    static boolean isDegraded(int status) {
        return (status & 1) != 0;
    }

    /**
     * Returns how many times the store became unavailable.
     *
     * @return the number of degraded episodes so far
     */
    int episodes() {
        return (status.get() + 1) / 2;
    }

    /**
     * Returns why the current or last episode started.
     *
     * @return a short description of the error
     */
    String reason() {
        return reason;
    }

    /**
     * Reports a failed Redis command; starts a degraded episode when it is the {@code degradeAfterErrors}-th
     * in a row, unless one is running or the failure is stale: the store recovered after the command was
     * sent, so the failure belongs to an episode that is over (for example a command that timed out on the
     * connection recovery replaced).
     *
     * @param failure what went wrong
     * @param sentStatus the {@link #status()} when the command was sent
     * @return whether the store is degraded now
     */
    boolean failed(Throwable failure, int sentStatus) {
        if (status.get() != sentStatus) {
            return isDegraded(status.get());
        }
        if (errorsInARow.incrementAndGet() < degradeAfterErrors) {
            return false;
        }
        return unreachable(failure, sentStatus);
    }

    /**
     * Reports that Redis cannot be reached at all (the connection failed or was lost): starts a degraded
     * episode at once, unless one is running or the failure is stale.
     *
     * @param failure what went wrong
     * @param sentStatus the {@link #status()} when the attempt started
     * @return whether the store is degraded now
     */
    boolean unreachable(Throwable failure, int sentStatus) {
        for (;;) {
            int current = status.get();
            if (isDegraded(current)) {
                return true;
            }
            if (current != sentStatus) {
                return false;
            }
            String why = describe(failure);
            reason = why;
            retryDelayNanos = firstRetry.toNanos();
            nextRetryNanos = time.nanoTime() + retryDelayNanos;
            if (status.compareAndSet(current, current + 1)) {
                LOG.log(System.Logger.Level.WARNING, "Redis is unavailable for " + description + " (" + why
                        + "); breakers decide locally until it is back");
                return true;
            }
        }
    }

    /** Reports a command Redis answered: the failures in a row start again from zero. */
    void succeeded() {
        if (errorsInARow.get() != 0) {
            errorsInARow.set(0); // read first: busy circuits must not all write one shared line per reply
        }
    }

    /**
     * Describes a failure for the log and the events.
     *
     * @param failure what went wrong
     * @return its message, with what to grant when Redis refused a permission
     */
    static String describe(Throwable failure) {
        String why = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        if (why.contains("NOPERM")) {
            // An ACL that does not let the store work: retrying will not help until someone changes it.
            why += "; the store's Redis user needs +@scripting and its keys (docs/redis.md, ACLs)";
        }
        return why;
    }

    /** Ends the degraded episode: Redis answered and the shared state was read again. */
    void recovered() {
        errorsInARow.set(0);
        int current = status.get();
        if (isDegraded(current) && status.compareAndSet(current, current + 1)) {
            LOG.log(System.Logger.Level.INFO, "Redis is available again for " + description + "; breakers share their state again");
        }
    }

    /**
     * Whether the next reconnection attempt is due.
     *
     * @return {@code true} when degraded and the back-off has passed
     */
    boolean retryDue() {
        return isDegraded(status.get()) && time.nanoTime() - nextRetryNanos >= 0;
    }

    /** Schedules the next attempt after a failed one: the pause doubles, with jitter, up to the maximum. */
    void retryFailed() {
        retryDelayNanos = Math.min(retryDelayNanos * 2, maxRetry.toNanos());
        long jitter = ThreadLocalRandom.current().nextLong(retryDelayNanos / 5 + 1);
        nextRetryNanos = time.nanoTime() + retryDelayNanos - jitter;
    }
}
