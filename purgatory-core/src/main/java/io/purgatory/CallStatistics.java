package io.purgatory;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of one breaker's calls per {@link CallOutcome}: how many, and how long they took.
 * Thread-safe; recording is lock-free and allocation-free, so meters can read these totals lazily
 * instead of doing work on the call path.
 *
 * <p>Successes, the outcome of nearly every call, and rejections, the outcome of every call during an
 * outage, go to striped adders that do not contend between threads (no cache line written by every
 * thread); the rarer outcomes share one small array, which keeps thousands of breakers cheap.
 */
public final class CallStatistics {

    private final LongAdder successes = new LongAdder();
    private final LongAdder successNanos = new LongAdder();
    private final LongAdder rejections = new LongAdder();
    private final AtomicLongArray others = new AtomicLongArray(2 * CallOutcome.values().length);

    void record(CallOutcome outcome, long durationNanos) {
        if (outcome == CallOutcome.SUCCESS) {
            successes.increment();
            if (durationNanos > 0) {
                successNanos.add(durationNanos);
            }
            return;
        }
        if (outcome == CallOutcome.REJECTED) {
            rejections.increment(); // rejected calls do not run, so they have no duration
            return;
        }
        others.getAndIncrement(2 * outcome.ordinal());
        if (durationNanos > 0) {
            others.getAndAdd(2 * outcome.ordinal() + 1, durationNanos);
        }
    }

    /**
     * Returns how many calls ended with the outcome since the breaker was created.
     *
     * @param outcome the outcome
     * @return the count
     */
    public long count(CallOutcome outcome) {
        return switch (outcome) {
            case SUCCESS -> successes.sum();
            case REJECTED -> rejections.sum();
            default -> others.get(2 * outcome.ordinal());
        };
    }

    /**
     * Returns the total time of the calls that ended with the outcome: 0 for rejections, which do not
     * run, and for breakers that do not time their calls (see {@link CircuitPermits#isTimed()}).
     *
     * @param outcome the outcome
     * @return total nanoseconds
     */
    public long totalNanos(CallOutcome outcome) {
        return outcome == CallOutcome.SUCCESS ? successNanos.sum() : others.get(2 * outcome.ordinal() + 1);
    }
}
