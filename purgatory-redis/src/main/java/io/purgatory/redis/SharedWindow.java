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
 *
 * <p>It exists for every circuit, so that a reconfiguration can switch a rate condition on or off:
 * without one it counts and sends nothing ({@link #enabled()} is {@code false}). The ring in Redis
 * is laid out for one shape; a flush of another shape (this breaker was reconfigured) empties it
 * first ({@code flush.lua}).
 */
final class SharedWindow {

    private final Duration flushInterval;
    private final WindowDeltas deltas = new WindowDeltas();
    private final AtomicLong sequence = new AtomicLong();
    private volatile Layout layout; // null without a rate condition
    private volatile CircuitRates rates = CircuitRates.NONE;

    /** The settings of one configuration and the flush arguments derived from them. */
    private record Layout(RateWindow settings, WindowShape shape, String[] fixedArgs) {

        static Layout of(CircuitBreakerConfig config, Duration flushInterval) {
            RateWindow settings = config.window();
            WindowShape shape = WindowShape.of(settings, flushInterval);
            String[] fixedArgs = {Long.toString(shape.slotMillis()), Integer.toString(shape.slots()),
                    Integer.toString(shape.countLimit()), Integer.toString(settings.minimumCalls()),
                    Float.toString(settings.failureRateThreshold()), Float.toString(settings.slowCallRateThreshold()),
                    Long.toString(config.ttl().toMillis()), Double.toString(config.backoffMultiplier()),
                    Long.toString(config.maxTtl().toMillis()), Long.toString(shape.sequenceRetentionMillis())};
            return new Layout(settings, shape, fixedArgs);
        }
    }

    SharedWindow(CircuitBreakerConfig config, Duration flushInterval) {
        this.flushInterval = flushInterval;
        reconfigure(config);
    }

    /**
     * Takes new settings: the thresholds of the next flush, or no window at all. Counts not yet sent stay
     * when the shape is unchanged, and are dropped otherwise (they belong to the old window).
     *
     * @param config the breaker's new settings
     */
    void reconfigure(CircuitBreakerConfig config) {
        Layout previous = layout;
        Layout next = config.window().enabled() ? Layout.of(config, flushInterval) : null;
        if (previous == null || next == null || !previous.shape().equals(next.shape())) {
            deltas.discard();
            rates = next == null ? CircuitRates.NONE
                    : new CircuitRates(0, 0, 0, next.settings().minimumCalls(), next.shape().capacity());
        }
        layout = next;
    }

    /**
     * Whether the breaker has a rate condition, so that calls are counted and flushes carry them.
     *
     * @return {@code true} with a rate condition
     */
    boolean enabled() {
        return layout != null;
    }

    /**
     * Counts a call that ran in CLOSED with the normal permit; sent with the next flush. Nothing without a
     * rate condition.
     *
     * @param failure whether it was a counted failure
     * @param durationNanos how long it took
     */
    void record(boolean failure, long durationNanos) {
        Layout current = layout;
        if (current != null) {
            deltas.record(failure, current.settings().isSlow(durationNanos));
        }
    }

    /**
     * Takes the counts since the last flush and returns the flush's operation arguments: a fresh
     * sequence number when there is something to send, 0 (read only) otherwise.
     *
     * @return ARGV from index 5 on, or {@code null} without a rate condition (then there is nothing to flush)
     */
    String[] nextFlush() {
        Layout current = layout; // one layout for the whole flush, even if a reconfiguration races with it
        if (current == null) {
            return null;
        }
        WindowDeltas.Drained drained = deltas.drain();
        long seq = drained.isEmpty() ? 0 : sequence.incrementAndGet();
        return flushArgs(current, seq, drained.calls(), drained.failures(), drained.slowCalls());
    }

    /**
     * Returns the operation arguments of one flush. Only while {@link #enabled()}.
     *
     * @param seq the flush's sequence number (0 for a read without deltas)
     * @param calls calls to add
     * @param failures failures to add
     * @param slowCalls slow calls to add
     * @return ARGV from index 5 on
     */
    String[] flushArgs(long seq, long calls, long failures, long slowCalls) {
        Layout current = layout;
        if (current == null) {
            throw new IllegalStateException("no rate condition: nothing to flush");
        }
        return flushArgs(current, seq, calls, failures, slowCalls);
    }

    private static String[] flushArgs(Layout layout, long seq, long calls, long failures, long slowCalls) {
        String[] fixedArgs = layout.fixedArgs();
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
        Layout current = layout;
        int minimumCalls = current == null ? 0 : current.settings().minimumCalls();
        int capacity = current == null ? -1 : current.shape().capacity();
        FlushReply reply = FlushReply.parse(raw, sentNanos, receivedNanos, minimumCalls, capacity);
        if (current != null) {
            rates = reply.rates();
        }
        return reply;
    }

    /**
     * Returns the shared window's totals as of the last flush; this instance's calls since then are not included.
     *
     * @return the rates, {@link CircuitRates#NONE} without a rate condition
     */
    CircuitRates rates() {
        return rates;
    }

    /** Drops the counts not yet sent: Redis became unavailable, and the local breaker counts on its own meanwhile. */
    void discard() {
        deltas.discard();
    }
}
