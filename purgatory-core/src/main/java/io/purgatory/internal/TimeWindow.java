package io.purgatory.internal;

import io.purgatory.CircuitRates;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The calls of the last duration, in a ring of {@value #BUCKETS} buckets that each cover a tenth of
 * it. When time reaches a slot again, its old bucket is swapped for a fresh one by compare-and-set,
 * so no count is ever zeroed under another thread's feet: every call inside the window is counted
 * exactly. Lock-free; allocates one bucket per bucket period, nothing per call; thread-safe.
 */
final class TimeWindow implements SlidingWindow {

    static final int BUCKETS = 10;

    private static final Bucket NONE = new Bucket(Long.MIN_VALUE);

    private final long bucketNanos;
    private volatile int minimumCalls; // changed only by a reconfiguration
    private final AtomicReferenceArray<Bucket> buckets = new AtomicReferenceArray<>(BUCKETS);

    TimeWindow(Duration duration, int minimumCalls) {
        this.bucketNanos = Math.max(1, duration.toNanos() / BUCKETS);
        this.minimumCalls = minimumCalls;
        reset();
    }

    @Override
    public boolean readsTime() {
        return true;
    }

    @Override
    public boolean record(boolean failure, boolean slow, long nowNanos) {
        long epoch = Math.floorDiv(nowNanos, bucketNanos);
        int slot = (int) Math.floorMod(epoch, (long) BUCKETS);
        Bucket bucket = buckets.get(slot);
        while (bucket.epoch != epoch) {
            if (bucket.epoch > epoch) {
                return false; // ended before the slot's current period began: already outside the window
            }
            Bucket fresh = new Bucket(epoch);
            bucket = buckets.compareAndSet(slot, bucket, fresh) ? fresh : buckets.get(slot);
        }
        int callsInBucket = bucket.add(failure, slow);
        // The window slides only when a new period begins, and the first call of a period holds 1 of
        // its bucket's calls; within one period the rest of the window is fixed, and a success can only
        // raise a rate by being the call that reaches the minimum, when its bucket holds at most that
        // many calls. Either way: judge while the bucket holds no more than the minimum.
        return callsInBucket <= minimumCalls;
    }

    @Override
    public CircuitRates rates(long nowNanos) {
        long current = Math.floorDiv(nowNanos, bucketNanos);
        int total = 0;
        int failed = 0;
        int slow = 0;
        for (int i = 0; i < BUCKETS; i++) {
            Bucket bucket = buckets.get(i);
            if (bucket.epoch > current - BUCKETS && bucket.epoch <= current) {
                total += bucket.calls;
                failed += bucket.failures;
                slow += bucket.slowCalls;
            }
        }
        return new CircuitRates(total, failed, slow, minimumCalls, -1);
    }

    @Override
    public void minimumCalls(int minimumCalls) {
        this.minimumCalls = minimumCalls;
    }

    @Override
    public void reset() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets.set(i, NONE);
        }
    }

    /** The counts of one period; never reused for another period. Thread-safe. */
    private static final class Bucket {

        private static final VarHandle CALLS;
        private static final VarHandle FAILURES;
        private static final VarHandle SLOW_CALLS;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                CALLS = lookup.findVarHandle(Bucket.class, "calls", int.class);
                FAILURES = lookup.findVarHandle(Bucket.class, "failures", int.class);
                SLOW_CALLS = lookup.findVarHandle(Bucket.class, "slowCalls", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long epoch;
        volatile int calls;
        volatile int failures;
        volatile int slowCalls;

        Bucket(long epoch) {
            this.epoch = epoch;
        }

        /**
         * Counts one call and returns how many calls the bucket holds with it. The call is counted
         * before its outcome, so a concurrent reader may see a rate a little low, never above 100 %.
         */
        int add(boolean failure, boolean slow) {
            int callsWithThis = (int) CALLS.getAndAdd(this, 1) + 1;
            if (failure) {
                FAILURES.getAndAdd(this, 1);
            }
            if (slow) {
                SLOW_CALLS.getAndAdd(this, 1);
            }
            return callsWithThis;
        }
    }
}
