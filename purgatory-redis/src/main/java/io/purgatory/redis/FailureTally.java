package io.purgatory.redis;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The consecutive-failure news one instance has not yet sent for a circuit: whether a success was
 * seen since the last flush, and how many counted failures followed the last success (or the last
 * flush). Thread-safe and lock-free: one {@link AtomicLong}; a success on a tally that already says
 * "success, no failures since" writes nothing, so busy healthy circuits do not contend on it.
 *
 * <p>Flushing sends the pair; Redis adds the failures to its count, or replaces the count with them
 * when a success was seen ({@code flush.lua}).
 */
final class FailureTally {

    /** Set when a success was seen since the last drain. */
    private static final long SUCCESS_SEEN = 1L << 40;
    private static final long FAILURES = SUCCESS_SEEN - 1;

    private final AtomicLong tally = new AtomicLong();

    /**
     * Counts a failure.
     *
     * @return the tally after it
     */
    long failure() {
        return tally.incrementAndGet();
    }

    /**
     * Records a success: the failures before it no longer count.
     *
     * @return whether anything changed (a success already seen with no failure since changes nothing)
     */
    boolean success() {
        long current = tally.get();
        return current != SUCCESS_SEEN && tally.getAndSet(SUCCESS_SEEN) != SUCCESS_SEEN;
    }

    /**
     * Returns the tally without taking it.
     *
     * @return the current tally
     */
    long peek() {
        return tally.get();
    }

    /**
     * Takes the tally for a flush and starts again from nothing.
     *
     * @return the tally taken
     */
    long drain() {
        return tally.getAndSet(0);
    }

    /**
     * Whether a tally says there is something to send.
     *
     * @param tally a value of {@link #peek()} or {@link #drain()}
     * @return {@code true} unless empty
     */
    static boolean hasNews(long tally) {
        return tally != 0;
    }

    /**
     * Whether a tally saw a success.
     *
     * @param tally a value of {@link #peek()} or {@link #drain()}
     * @return {@code true} when the shared count is to be replaced rather than added to
     */
    static boolean successSeen(long tally) {
        return (tally & SUCCESS_SEEN) != 0;
    }

    /**
     * Returns the failures a tally counted after its last success.
     *
     * @param tally a value of {@link #peek()} or {@link #drain()}
     * @return the failures
     */
    static int failures(long tally) {
        return (int) Math.min(Integer.MAX_VALUE, tally & FAILURES);
    }

    /**
     * Estimates the fleet's consecutive failures from the shared count last seen and a tally not yet sent.
     *
     * @param sharedFailures the count in the cached snapshot
     * @param tally a value of {@link #peek()}
     * @return what Redis will count once the tally arrives, if nothing else arrives first
     */
    static int estimate(int sharedFailures, long tally) {
        int mine = failures(tally);
        return successSeen(tally) ? mine : (int) Math.min(Integer.MAX_VALUE, (long) sharedFailures + mine);
    }

    /**
     * Combines two tallies taken one after the other.
     *
     * @param older the first tally
     * @param newer the tally taken after it
     * @return the tally of both: the newer alone when it saw a success
     */
    static long merge(long older, long newer) {
        if (successSeen(newer)) {
            return newer;
        }
        return (older & SUCCESS_SEEN) | Math.min(FAILURES, failures(older) + (long) failures(newer));
    }
}
