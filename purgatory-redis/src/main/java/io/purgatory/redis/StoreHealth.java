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
 */
final class StoreHealth {

    private static final System.Logger LOG = System.getLogger(RedisCircuitStore.class.getName());

    private final AtomicInteger status = new AtomicInteger();
    private final TimeSource time;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final String description;
    private volatile String reason = "";
    private volatile long nextRetryNanos;
    private volatile long retryDelayNanos; // set when an episode starts (any thread), doubled by the store thread

    StoreHealth(TimeSource time, Duration firstRetry, Duration maxRetry, String description) {
        this.time = time;
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
     * Reports a failed Redis operation; starts a degraded episode unless one is running, or unless the
     * failure is stale: the store recovered after the operation was sent, so the failure belongs to an
     * episode that is over (for example a command that timed out on the connection recovery replaced).
     *
     * @param failure what went wrong
     * @param sentStatus the {@link #status()} when the operation was sent
     * @return whether the store is degraded now
     */
    boolean degraded(Throwable failure, int sentStatus) {
        for (;;) {
            int current = status.get();
            if (isDegraded(current)) {
                return true;
            }
            if (current != sentStatus) {
                return false;
            }
            String why = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
            if (why.contains("NOPERM")) {
                // An ACL that does not let the store work: retrying will not help until someone changes it.
                why += "; the store's Redis user needs +@scripting and its keys (docs/redis.md, ACLs)";
            }
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

    /** Ends the degraded episode: Redis answered and the shared state was read again. */
    void recovered() {
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
