package io.purgatory.internal;

import io.purgatory.CircuitRates;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The calls of the last duration, in {@value #BUCKETS} buckets that each cover a tenth of it; a
 * bucket is reused (zeroed) when time reaches it again. Lock-free, allocation-free; thread-safe. A
 * call recorded at the very instant its bucket is recycled by another thread may be dropped: the
 * window is a statistic, not a ledger.
 */
final class TimeWindow implements SlidingWindow {

    static final int BUCKETS = 10;

    private final long bucketNanos;
    private final int minimumCalls;
    private final AtomicLongArray epochs = new AtomicLongArray(BUCKETS);
    private final AtomicIntegerArray calls = new AtomicIntegerArray(BUCKETS);
    private final AtomicIntegerArray failures = new AtomicIntegerArray(BUCKETS);
    private final AtomicIntegerArray slowCalls = new AtomicIntegerArray(BUCKETS);

    TimeWindow(Duration duration, int minimumCalls) {
        this.bucketNanos = Math.max(1, duration.toNanos() / BUCKETS);
        this.minimumCalls = minimumCalls;
        for (int i = 0; i < BUCKETS; i++) {
            epochs.set(i, Long.MIN_VALUE);
        }
    }

    @Override
    public void record(boolean failure, boolean slow, long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, bucketNanos);
        int slot = (int) Math.floorMod(epoch, (long) BUCKETS);
        long seen = epochs.get(slot);
        if (seen > epoch) {
            return; // ended before the bucket's current period began: already outside the window
        }
        if (seen < epoch && epochs.compareAndSet(slot, seen, epoch)) {
            calls.set(slot, 0);
            failures.set(slot, 0);
            slowCalls.set(slot, 0);
        }
        calls.incrementAndGet(slot);
        if (failure) {
            failures.incrementAndGet(slot);
        }
        if (slow) {
            slowCalls.incrementAndGet(slot);
        }
    }

    @Override
    public CircuitRates rates(long nowNanos) {
        long current = Math.floorDiv(nowNanos, bucketNanos);
        int total = 0;
        int failed = 0;
        int slow = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long epoch = epochs.get(i);
            if (epoch > current - BUCKETS && epoch <= current) {
                total += calls.get(i);
                failed += failures.get(i);
                slow += slowCalls.get(i);
            }
        }
        return new CircuitRates(total, failed, slow, minimumCalls, -1);
    }

    /** Forgets every bucket; {@link #record} zeroes a bucket's counts when it claims it again. */
    @Override
    public void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            epochs.set(i, Long.MIN_VALUE);
        }
    }
}
