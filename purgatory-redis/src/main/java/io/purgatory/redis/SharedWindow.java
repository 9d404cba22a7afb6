package io.purgatory.redis;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitRates;
import io.purgatory.RateWindow;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One circuit's side of the sliding window shared through Redis: counts calls locally between
 * flushes, numbers each flush, builds the {@code flush} script's arguments and keeps the shared
 * totals the last flush returned. Thread-safe; {@link #record} is lock-free and allocation-free.
 */
final class SharedWindow {

    private final RateWindow settings;
    private final WindowShape shape;
    private final String[] fixedArgs;
    private final WindowDeltas deltas = new WindowDeltas();
    private final AtomicLong sequence = new AtomicLong();
    private volatile CircuitRates rates;

    SharedWindow(CircuitBreakerConfig config, Duration flushInterval) {
        this.settings = config.window();
        this.shape = WindowShape.of(settings, flushInterval);
        this.fixedArgs = new String[] {Long.toString(shape.slotMillis()), Integer.toString(shape.slots()),
                Integer.toString(shape.countLimit()), Integer.toString(settings.minimumCalls()),
                Float.toString(settings.failureRateThreshold()), Float.toString(settings.slowCallRateThreshold()),
                Long.toString(config.ttl().toMillis()), Double.toString(config.backoffMultiplier()),
                Long.toString(config.maxTtl().toMillis()), Long.toString(shape.sequenceRetentionMillis())};
        this.rates = new CircuitRates(0, 0, 0, settings.minimumCalls(), shape.capacity());
    }

    /**
     * Counts a call that ran in CLOSED with the normal permit; sent with the next flush.
     *
     * @param failure whether it was a counted failure
     * @param durationNanos how long it took
     */
    void record(boolean failure, long durationNanos) {
        deltas.record(failure, settings.isSlow(durationNanos));
    }

    /**
     * Takes the counts since the last flush and returns the flush's operation arguments: a fresh
     * sequence number when there is something to send, 0 (read only) otherwise.
     *
     * @return ARGV from index 5 on
     */
    String[] nextFlush() {
        WindowDeltas.Drained drained = deltas.drain();
        long seq = drained.isEmpty() ? 0 : sequence.incrementAndGet();
        return flushArgs(seq, drained.calls(), drained.failures(), drained.slowCalls());
    }

    /**
     * Returns the operation arguments of one flush.
     *
     * @param seq the flush's sequence number (0 for a read without deltas)
     * @param calls calls to add
     * @param failures failures to add
     * @param slowCalls slow calls to add
     * @return ARGV from index 5 on
     */
    String[] flushArgs(long seq, long calls, long failures, long slowCalls) {
        String[] args = new String[4 + fixedArgs.length];
        args[0] = Long.toString(seq);
        args[1] = Long.toString(calls);
        args[2] = Long.toString(failures);
        args[3] = Long.toString(slowCalls);
        System.arraycopy(fixedArgs, 0, args, 4, fixedArgs.length);
        return args;
    }

    /**
     * Parses a flush's reply and remembers the shared totals it carries.
     *
     * @param raw the script's reply
     * @param sentNanos local monotonic time when the script was sent
     * @param receivedNanos local monotonic time when it arrived
     * @return the parsed reply
     */
    FlushReply accept(Object raw, long sentNanos, long receivedNanos) {
        FlushReply reply = FlushReply.parse(raw, sentNanos, receivedNanos, settings.minimumCalls(), shape.capacity());
        rates = reply.rates();
        return reply;
    }

    /**
     * Returns the shared window's totals as of the last flush; this instance's calls since then are not included.
     *
     * @return the rates
     */
    CircuitRates rates() {
        return rates;
    }

    /** Drops the counts not yet sent: Redis became unavailable, and the local breaker counts on its own meanwhile. */
    void discard() {
        deltas.discard();
    }
}
