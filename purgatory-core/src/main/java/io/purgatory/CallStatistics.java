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
 *
 * <p>When the breaker samples call durations (see
 * {@link CircuitBreakerFactory.Builder#callDurationSampling(int)}), the statistics also count the
 * calls that were timed, and {@link #totalNanos} estimates the total from them.
 */
public final class CallStatistics {

    // Per outcome: calls and nanos of the timed ones, plus the number of timed calls when durations are sampled.
    private final int slots;

    private final boolean sampled;
    private final LongAdder successes = new LongAdder();
    private final LongAdder successNanos = new LongAdder();
    private final LongAdder timedSuccesses; // null unless sampled: thousands of breakers stay small
    private final LongAdder rejections = new LongAdder();
    private final AtomicLongArray others;

    CallStatistics(boolean sampled) {
        this.sampled = sampled;
        this.slots = sampled ? 3 : 2;
        this.timedSuccesses = sampled ? new LongAdder() : null;
        this.others = new AtomicLongArray(slots * CallOutcome.values().length);
    }

    /** The outcome of nearly every call: its own small method, so that it inlines into the call path. */
    void recordSuccess(long durationNanos, boolean timed) {
        successes.increment();
        if (timed) {
            successNanos.add(durationNanos);
            if (sampled) {
                timedSuccesses.increment();
            }
        }
    }

    void record(CallOutcome outcome, long durationNanos, boolean timed) {
        if (outcome == CallOutcome.SUCCESS) {
            recordSuccess(durationNanos, timed);
            return;
        }
        if (outcome == CallOutcome.REJECTED) {
            rejections.increment(); // rejected calls do not run, so they have no duration
            return;
        }
        others.getAndIncrement(slots * outcome.ordinal());
        if (timed) {
            others.getAndAdd(slots * outcome.ordinal() + 1, durationNanos);
            if (sampled) {
                others.getAndIncrement(slots * outcome.ordinal() + 2);
            }
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
            default -> others.get(slots * outcome.ordinal());
        };
    }

    /**
     * Returns the total time of the calls that ended with the outcome: 0 for rejections, which do not
     * run, and for breakers that do not time their calls (see {@link CircuitPermits#isTimed()}). With
     * sampled durations, an estimate: the mean duration of the timed calls times the number of calls
     * (exact while every call was timed; its error shrinks as timed calls accumulate).
     *
     * @param outcome the outcome
     * @return total nanoseconds
     */
    public long totalNanos(CallOutcome outcome) {
        boolean success = outcome == CallOutcome.SUCCESS;
        long nanos = success ? successNanos.sum() : others.get(slots * outcome.ordinal() + 1);
        if (!sampled || nanos == 0) {
            return nanos;
        }
        long timedCalls = success ? timedSuccesses.sum() : others.get(slots * outcome.ordinal() + 2);
        long calls = count(outcome);
        return timedCalls == 0 || timedCalls >= calls ? nanos : Math.round((double) nanos / timedCalls * calls);
    }
}
