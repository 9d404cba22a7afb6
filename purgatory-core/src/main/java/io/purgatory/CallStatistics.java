package io.purgatory;

import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of one breaker's calls per {@link CallOutcome}: how many, and how long they took.
 * Thread-safe; recording is lock-free and allocation-free (striped adders), so meters can read these
 * totals lazily instead of doing work on the call path.
 */
public final class CallStatistics {

    private static final CallOutcome[] OUTCOMES = CallOutcome.values();

    private final LongAdder[] counts = adders();
    private final LongAdder[] nanos = adders();

    private static LongAdder[] adders() {
        LongAdder[] adders = new LongAdder[OUTCOMES.length];
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    void record(CallOutcome outcome, long durationNanos) {
        counts[outcome.ordinal()].increment();
        if (durationNanos > 0) {
            nanos[outcome.ordinal()].add(durationNanos);
        }
    }

    /**
     * Returns how many calls ended with the outcome since the breaker was created.
     *
     * @param outcome the outcome
     * @return the count
     */
    public long count(CallOutcome outcome) {
        return counts[outcome.ordinal()].sum();
    }

    /**
     * Returns the total time of the calls that ended with the outcome (0 for rejections, which do not run).
     *
     * @param outcome the outcome
     * @return total nanoseconds
     */
    public long totalNanos(CallOutcome outcome) {
        return nanos[outcome.ordinal()].sum();
    }
}
