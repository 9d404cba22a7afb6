package io.purgatory;

/**
 * Where breakers read time: a monotonic clock for deadlines and durations, and a wall clock
 * for timestamps shown to people. Implementations must be thread-safe.
 *
 * <p>Inject a fake implementation in tests to move time without sleeping.
 */
public interface TimeSource {

    /**
     * Returns a monotonic time in nanoseconds, only meaningful as a difference.
     *
     * @return monotonic nanoseconds
     */
    long nanoTime();

    /**
     * Returns the wall-clock time in milliseconds since the epoch.
     *
     * @return epoch milliseconds
     */
    long currentTimeMillis();

    /**
     * Returns the time source backed by {@link System#nanoTime()} and {@link System#currentTimeMillis()}.
     *
     * @return the system time source
     */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }
}
