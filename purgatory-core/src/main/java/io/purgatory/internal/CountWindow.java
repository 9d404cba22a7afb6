package io.purgatory.internal;

import io.purgatory.CircuitRates;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The last N calls, as a ring of slots swapped atomically; running totals are adjusted by the
 * difference between the new and the replaced slot, so they always converge to the ring's content.
 * Lock-free, allocation-free; thread-safe.
 */
final class CountWindow implements SlidingWindow {

    private static final int PRESENT = 1;
    private static final int FAILURE = 2;
    private static final int SLOW = 4;

    private final AtomicIntegerArray slots;
    private final AtomicLong next = new AtomicLong();
    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder slowCalls = new LongAdder();
    private volatile int minimumCalls; // changed only by a reconfiguration

    CountWindow(int size, int minimumCalls) {
        this.slots = new AtomicIntegerArray(size);
        this.minimumCalls = minimumCalls;
    }

    @Override
    public boolean readsTime() {
        return false;
    }

    @Override
    public boolean record(boolean failure, boolean slow, long nowNanos) {
        int code = PRESENT | (failure ? FAILURE : 0) | (slow ? SLOW : 0);
        int slot = (int) (next.getAndIncrement() % slots.length());
        int replaced = slots.getAndSet(slot, code);
        adjust(replaced, code);
        // Once full, a success replaces an older call and can only lower a rate; while filling, it may
        // be the call that reaches the minimum.
        return (replaced & PRESENT) == 0;
    }

    private void adjust(int replaced, int added) {
        if ((replaced & PRESENT) != (added & PRESENT)) {
            calls.add((added & PRESENT) - (replaced & PRESENT));
        }
        int failureDelta = ((added & FAILURE) - (replaced & FAILURE)) / FAILURE;
        if (failureDelta != 0) {
            failures.add(failureDelta);
        }
        int slowDelta = ((added & SLOW) - (replaced & SLOW)) / SLOW;
        if (slowDelta != 0) {
            slowCalls.add(slowDelta);
        }
    }

    @Override
    public CircuitRates rates(long nowNanos) {
        return new CircuitRates((int) calls.sum(), (int) failures.sum(), (int) slowCalls.sum(), minimumCalls, slots.length());
    }

    @Override
    public void minimumCalls(int minimumCalls) {
        this.minimumCalls = minimumCalls;
    }

    @Override
    public void reset() {
        for (int i = 0; i < slots.length(); i++) {
            adjust(slots.getAndSet(i, 0), 0);
        }
    }
}
