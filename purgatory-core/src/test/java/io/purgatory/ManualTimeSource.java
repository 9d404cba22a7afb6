package io.purgatory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake {@link TimeSource} for model and concurrency tests: time moves only through
 * {@link #advance(Duration)}, and the monotonic and wall clocks move together. Thread-safe: both
 * clocks derive from one {@link AtomicLong}, so a reader never sees them disagree.
 *
 * <p>Published to the other modules' tests in the {@code purgatory-core} test jar.
 */
public final class ManualTimeSource implements TimeSource {

    private final long originNanos;
    private final long originMillis;
    private final AtomicLong elapsedNanos = new AtomicLong();

    /** A clock whose monotonic time starts at an arbitrary non-zero value. */
    public ManualTimeSource() {
        this(1_000_000_000L, 1_700_000_000_000L);
    }

    /**
     * A clock starting at the given readings; a start near {@link Long#MAX_VALUE} exercises wrap-around.
     *
     * @param originNanos the first {@link #nanoTime()} reading
     * @param originMillis the first {@link #currentTimeMillis()} reading
     */
    public ManualTimeSource(long originNanos, long originMillis) {
        this.originNanos = originNanos;
        this.originMillis = originMillis;
    }

    /**
     * Moves both clocks forward.
     *
     * @param duration how far; not negative
     */
    public void advance(Duration duration) {
        advanceNanos(duration.toNanos());
    }

    /**
     * Moves both clocks forward.
     *
     * @param nanos how far, in nanoseconds; not negative
     */
    public void advanceNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("time only moves forward, but got " + nanos + " ns");
        }
        elapsedNanos.addAndGet(nanos);
    }

    @Override
    public long nanoTime() {
        return originNanos + elapsedNanos.get(); // wraps like System.nanoTime may
    }

    @Override
    public long currentTimeMillis() {
        return originMillis + elapsedNanos.get() / 1_000_000L;
    }
}
