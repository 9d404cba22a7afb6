package io.purgatory.redis;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one circuit's news to Redis as one {@code flush} script numbered per instance (Redis applies
 * each number once, so a command replayed after a reconnect counts nothing twice): the window counts
 * gathered since the last flush ({@link SharedWindow}), and a trip when this instance's own failures
 * in a row reach the threshold. With no news the same script only reads. Thread-safe: at most one
 * flush of a circuit is in flight, so numbers reach Redis in order; counting never waits.
 *
 * <p>Consecutive failures are counted per instance, exactly as the in-memory store counts them
 * (a success resets this instance's count), and a trip is shared: the first instance whose count
 * reaches the threshold opens the circuit for the fleet, at once, from the caller's thread, without
 * the caller waiting for the reply. So the circuit never opens before {@code threshold} failures in a
 * row on one instance, costs Redis nothing for failures until then, and opens at the latest when
 * {@code instances × (threshold − 1) + 1} failures have happened fleet-wide. Interleaving the
 * instances' outcomes into one fleet-wide sequence is impossible without a command per call, and
 * batching it turns a fleet's scattered failures into false "runs" (measured in docs/redis.md); a
 * rate condition is the fleet-wide rule that batches exactly.
 */
final class CircuitFlush {

    private static final CompletableFuture<FlushReply> ALREADY_IN_FLIGHT = CompletableFuture.completedFuture(null);

    private final AtomicInteger failuresInARow = new AtomicInteger();
    private volatile long countedInPeriod; // the period of shared state the count belongs to (SharedSnapshot#period)
    private final SharedWindow window;
    private final SnapshotCache cache;
    private final CircuitMode mode;
    private final CircuitScripts scripts;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong(); // the generation of the flush in flight, 0 when none
    private final AtomicLong generations = new AtomicLong();
    private final long lostAfterNanos;
    private volatile long inFlightSinceNanos;
    private volatile boolean tripPending;
    private volatile int threshold;
    private volatile String[] breakerArgs; // threshold, ttl, multiplier, max ttl

    CircuitFlush(CircuitBreakerConfig config, SharedWindow window, SnapshotCache cache, CircuitMode mode,
            CircuitScripts scripts, Duration commandTimeout) {
        this.lostAfterNanos = 4 * commandTimeout.toNanos();
        this.window = window;
        this.cache = cache;
        this.mode = mode;
        this.scripts = scripts;
        reconfigure(config);
    }

    /**
     * Judges the next flush by new settings.
     *
     * @param config the breaker's new settings
     */
    void reconfigure(CircuitBreakerConfig config) {
        this.threshold = config.threshold();
        this.breakerArgs = new String[] {Integer.toString(config.threshold()), Long.toString(config.ttl().toMillis()),
            Double.toString(config.backoffMultiplier()), Long.toString(config.maxTtl().toMillis())};
    }

    /**
     * Counts a failure of a call that ran in CLOSED, and sends the trip at once when the count reaches the threshold.
     * A count from an earlier CLOSED period (the circuit opened or was reset since, or its state was lost) starts
     * again from zero, as a local breaker's count does.
     *
     * @param shared the cached shared state, CLOSED
     * @return this instance's failures in a row, this one included
     */
    int failure(SharedSnapshot shared) {
        if (countedInPeriod != shared.period()) {
            countedInPeriod = shared.period();
            failuresInARow.set(0);
        }
        int inARow = failuresInARow.incrementAndGet();
        if (inARow >= threshold) {
            sendTrip();
        }
        return inARow;
    }

    /**
     * Counts a success of a call that ran in CLOSED: this instance's failures in a row start again from zero.
     * Writes nothing when there were none, so busy healthy circuits do not contend on the count.
     *
     * @return whether it reset a count above zero
     */
    boolean success() {
        return failuresInARow.get() != 0 && failuresInARow.getAndSet(0) != 0;
    }

    /**
     * Returns this instance's failures in a row in the current CLOSED period.
     *
     * @param shared the cached shared state
     * @return the count; 0 when it belongs to an earlier period
     */
    int failuresInARow(SharedSnapshot shared) {
        return countedInPeriod == shared.period() ? failuresInARow.get() : 0;
    }

    /**
     * Whether there is anything to send.
     *
     * @return {@code true} when window counts or a trip wait
     */
    boolean hasNews() {
        return window.hasNews() || tripDue();
    }

    private boolean tripDue() {
        SharedSnapshot shared = cache.current();
        return tripPending && shared.state() == CircuitState.CLOSED && failuresInARow(shared) >= threshold;
    }

    /**
     * Whether a flush is on its way.
     *
     * @return {@code true} until its reply was applied
     */
    boolean inFlight() {
        return inFlight.get() != 0;
    }

    /**
     * Drops what was not sent: the local breaker counts on its own from now on, starting from the count returned.
     *
     * @return this instance's failures in a row
     */
    int discard() {
        window.discard();
        tripPending = false;
        return failuresInARow(cache.current());
    }

    private void sendTrip() {
        if (send() == ALREADY_IN_FLIGHT) {
            tripPending = true; // sent when the flush in flight returns, if it did not trip the circuit already
        }
    }

    /**
     * Sends the news, or reads when there is none; never waits. Skipped while a flush is in flight (that one
     * brings a fresh snapshot too).
     *
     * @return the reply, or null when it failed or was skipped; never fails
     */
    CompletableFuture<FlushReply> send() {
        long previous = inFlight.get();
        boolean free = previous == 0
                // A reply that never came (the command timeout should have ended it): send anyway, or never again.
                || System.nanoTime() - inFlightSinceNanos > lostAfterNanos;
        long generation = free ? generations.incrementAndGet() : 0;
        if (!free || !inFlight.compareAndSet(previous, generation)) {
            return ALREADY_IN_FLIGHT;
        }
        inFlightSinceNanos = System.nanoTime();
        SharedSnapshot shared = cache.current();
        int inARow = failuresInARow(shared);
        boolean trips = shared.state() == CircuitState.CLOSED && inARow >= threshold;
        tripPending = false;
        WindowDeltas.Drained counts = window.drain();
        boolean news = trips || !counts.isEmpty();
        String[] breaker = breakerArgs;
        String[] layout = window.layoutArgs();
        String[] args = new String[2 + breaker.length + 3 + layout.length];
        args[0] = Long.toString(news ? sequence.incrementAndGet() : 0);
        args[1] = Integer.toString(trips ? inARow : 0);
        System.arraycopy(breaker, 0, args, 2, breaker.length);
        args[6] = Long.toString(counts.calls());
        args[7] = Long.toString(counts.failures());
        args[8] = Long.toString(counts.slowCalls());
        System.arraycopy(layout, 0, args, 9, layout.length);
        return scripts.flush(window, args).whenComplete((reply, never) -> {
            if (reply != null) {
                cache.installRead(reply.reply());
                if (mode.isLocal()) {
                    mode.rejoin(); // a circuit deciding locally shares again once Redis answers for it
                }
            }
            inFlight.compareAndSet(generation, 0); // unless a later flush took over from this one
            if (tripDue()) {
                sendTrip();
            }
        });
    }
}
