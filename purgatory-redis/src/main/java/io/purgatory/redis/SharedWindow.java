package io.purgatory.redis;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitRates;
import io.purgatory.RateWindow;
import java.time.Duration;

/**
 * One circuit's side of the sliding window shared through Redis: counts calls locally between
 * flushes, builds the window part of the {@code flush} script's arguments and keeps the shared
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
    private volatile Layout layout; // null without a rate condition
    private volatile CircuitRates rates = CircuitRates.NONE;

    /** Without a rate condition: no slots, and flush records kept the shortest time. */
    private static final String[] NO_WINDOW_ARGS = {"0", "0", "0", "0", "0", "0",
        Long.toString(WindowShape.MIN_SEQUENCE_RETENTION.toMillis())};

    /** The settings of one configuration and the flush arguments derived from them. */
    private record Layout(RateWindow settings, WindowShape shape, String[] layoutArgs) {

        static Layout of(CircuitBreakerConfig config, Duration flushInterval) {
            RateWindow settings = config.window();
            WindowShape shape = WindowShape.of(settings, flushInterval);
            String[] layoutArgs = {Long.toString(shape.slotMillis()), Integer.toString(shape.slots()),
                    Integer.toString(shape.countLimit()), Integer.toString(settings.minimumCalls()),
                    Float.toString(settings.failureRateThreshold()), Float.toString(settings.slowCallRateThreshold()),
                    Long.toString(shape.sequenceRetentionMillis())};
            return new Layout(settings, shape, layoutArgs);
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
     * @return whether it was counted: the circuit has news for the next flush
     */
    boolean record(boolean failure, long durationNanos) {
        Layout current = layout;
        if (current == null) {
            return false;
        }
        deltas.record(failure, current.settings().isSlow(durationNanos));
        return true;
    }

    /**
     * Whether calls were counted since the last drain.
     *
     * @return {@code true} when a flush has window counts to send
     */
    boolean hasNews() {
        return deltas.hasNews();
    }

    /**
     * Takes the counts since the last flush.
     *
     * @return the counts, all zero without a rate condition
     */
    WindowDeltas.Drained drain() {
        return deltas.drain();
    }

    /**
     * Returns the window's layout arguments of the {@code flush} script (ARGV[15] to ARGV[21]).
     *
     * @return the slot width, slots, count limit, minimum calls, rate thresholds and flush-record retention;
     *         a slot width of 0 without a rate condition
     */
    String[] layoutArgs() {
        Layout current = layout;
        return current == null ? NO_WINDOW_ARGS : current.layoutArgs();
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
