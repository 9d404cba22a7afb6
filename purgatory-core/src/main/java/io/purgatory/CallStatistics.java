package io.purgatory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of one breaker's calls per {@link CallOutcome}: how many, and how long they took.
 * Thread-safe; recording takes no lock (but once per breaker, to make its striped adders) and, once a
 * breaker has seen each outcome, allocates nothing, so meters can read these totals lazily instead of
 * doing work on the call path.
 *
 * <p>A million keyed circuits must fit in a small heap, so the totals start small and grow only where
 * calls need it, the way a {@link LongAdder} does: successes, the outcome of nearly every call, are
 * plain fields updated by compare-and-set; the other outcomes' totals are allocated when the first such
 * call ends; and the first time two threads collide on a total, every total gets a striped adder that
 * takes the updates from then on, so a hot breaker does not contend on one cache line. Each total is its
 * base plus its adder: nothing is lost.
 *
 * <p>When the breaker samples call durations (see
 * {@link CircuitBreakerFactory.Builder#callDurationSampling(int)}), the statistics also count the
 * calls that were timed, and {@link #totalNanos} estimates the total from them.
 */
public final class CallStatistics {

    // Per outcome, in the slots of the rarer totals: calls, nanos of the timed ones, and, when durations are
    // sampled, the number of timed calls. Success's totals are the fields; its slots only number its adders.
    private static final int CALLS = 0;
    private static final int NANOS = 1;
    private static final int TIMED = 2;
    private static final int SLOTS = 3 * CallOutcome.values().length;
    private static final VarHandle SUCCESSES;
    private static final VarHandle SUCCESS_NANOS;
    private static final VarHandle TIMED_SUCCESSES;
    private static final VarHandle MORE;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SUCCESSES = lookup.findVarHandle(CallStatistics.class, "successes", long.class);
            SUCCESS_NANOS = lookup.findVarHandle(CallStatistics.class, "successNanos", long.class);
            TIMED_SUCCESSES = lookup.findVarHandle(CallStatistics.class, "timedSuccesses", long.class);
            MORE = lookup.findVarHandle(CallStatistics.class, "more", Totals.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // No field says whether durations are sampled: 8 bytes more for each of a million keyed circuits. The
    // breaker tells each timed call's recording instead, from its factory's setting.
    private volatile long successes;
    private volatile long successNanos;
    private volatile long timedSuccesses; // counted only when durations are sampled
    private volatile Totals more; // null until a call ends otherwise than with a success

    /** The rarer totals, and the adders that replace compare-and-set once threads collide. */
    private static final class Totals {
        final long[] slots;
        volatile LongAdder[] striped; // null until two threads collide; then one adder per slot

        Totals() {
            this.slots = new long[SLOTS];
        }
    }

    CallStatistics() {
    }

    private static int index(CallOutcome outcome, int total) {
        return 3 * outcome.ordinal() + total;
    }

    /**
     * Records a success: the outcome of nearly every call, in its own small method so that it inlines into
     * the call path.
     *
     * @param durationNanos how long the call took, when timed
     * @param timed whether the call was timed
     * @param sampled whether it was timed as a sample of the calls (its breaker samples durations)
     */
    void recordSuccess(long durationNanos, boolean timed, boolean sampled) {
        Totals totals = more;
        if (totals != null && totals.striped != null) {
            recordStriped(CallOutcome.SUCCESS, durationNanos, timed, sampled);
            return;
        }
        long calls = successes;
        if (!SUCCESSES.compareAndSet(this, calls, calls + 1)) {
            striped()[index(CallOutcome.SUCCESS, CALLS)].increment();
        }
        if (timed) {
            recordSuccessDuration(durationNanos, sampled);
        }
    }

    private void recordSuccessDuration(long durationNanos, boolean sampled) {
        long nanos = successNanos;
        if (!SUCCESS_NANOS.compareAndSet(this, nanos, nanos + durationNanos)) {
            striped()[index(CallOutcome.SUCCESS, NANOS)].add(durationNanos);
        }
        if (sampled) {
            long timedCalls = timedSuccesses;
            if (!TIMED_SUCCESSES.compareAndSet(this, timedCalls, timedCalls + 1)) {
                striped()[index(CallOutcome.SUCCESS, TIMED)].increment();
            }
        }
    }

    /**
     * Records a call's outcome.
     *
     * @param outcome the outcome
     * @param durationNanos how long the call took, when timed
     * @param timed whether the call was timed
     * @param sampled whether it was timed as a sample of the calls (its breaker samples durations)
     */
    void record(CallOutcome outcome, long durationNanos, boolean timed, boolean sampled) {
        if (outcome == CallOutcome.SUCCESS) {
            recordSuccess(durationNanos, timed, sampled);
            return;
        }
        add(index(outcome, CALLS), 1);
        // Rejected calls do not run, so they have no duration.
        if (timed && outcome != CallOutcome.REJECTED) {
            add(index(outcome, NANOS), durationNanos);
            if (sampled) {
                add(index(outcome, TIMED), 1);
            }
        }
    }

    private void recordStriped(CallOutcome outcome, long durationNanos, boolean timed, boolean sampled) {
        LongAdder[] striped = more.striped;
        striped[index(outcome, CALLS)].increment();
        if (timed) {
            striped[index(outcome, NANOS)].add(durationNanos);
            if (sampled) {
                striped[index(outcome, TIMED)].increment();
            }
        }
    }

    private void add(int index, long delta) {
        Totals totals = totals();
        LongAdder[] striped = totals.striped;
        if (striped != null) {
            striped[index].add(delta);
            return;
        }
        long value = (long) SLOT.getVolatile(totals.slots, index);
        if (!SLOT.compareAndSet(totals.slots, index, value, value + delta)) {
            striped()[index].add(delta);
        }
    }

    private Totals totals() {
        Totals totals = more;
        if (totals == null) {
            MORE.compareAndSet(this, null, new Totals());
            totals = more;
        }
        return totals;
    }

    private LongAdder[] striped() {
        Totals totals = totals();
        LongAdder[] striped = totals.striped;
        if (striped == null) {
            synchronized (totals) { // once per breaker, the first time two threads collide
                striped = totals.striped;
                if (striped == null) {
                    striped = new LongAdder[totals.slots.length];
                    for (int i = 0; i < striped.length; i++) {
                        striped[i] = new LongAdder();
                    }
                    totals.striped = striped;
                }
            }
        }
        return striped;
    }

    /** A total: its base (a field or a slot) plus its adder. */
    private long sum(CallOutcome outcome, int total) {
        int index = index(outcome, total);
        long base;
        if (outcome == CallOutcome.SUCCESS) {
            base = total == CALLS ? successes : total == NANOS ? successNanos : timedSuccesses;
        } else {
            Totals totals = more;
            base = totals == null ? 0L : (long) SLOT.getVolatile(totals.slots, index);
        }
        Totals totals = more;
        LongAdder[] striped = totals == null ? null : totals.striped;
        return striped == null ? base : base + striped[index].sum();
    }

    /**
     * Returns how many calls ended with the outcome since the breaker was created.
     *
     * @param outcome the outcome
     * @return the count
     */
    public long count(CallOutcome outcome) {
        return sum(outcome, CALLS);
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
        long nanos = sum(outcome, NANOS);
        if (nanos == 0) {
            return nanos;
        }
        long timedCalls = sum(outcome, TIMED); // 0 unless durations are sampled
        long calls = count(outcome);
        return timedCalls == 0 || timedCalls >= calls ? nanos : Math.round((double) nanos / timedCalls * calls);
    }
}
