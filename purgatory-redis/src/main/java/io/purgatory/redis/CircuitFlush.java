package io.purgatory.redis;

import io.purgatory.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one circuit's news to Redis: the {@link FailureTally} and the {@link SharedWindow} counts
 * gathered since the last flush, as one {@code flush} script numbered per instance (Redis applies
 * each number once, so a command replayed after a reconnect counts nothing twice), and installs the
 * shared state it answers with. With no news the same script only reads. Thread-safe: at most one
 * flush of a circuit is in flight, so numbers reach Redis in order; counting never waits.
 *
 * <p>The store's thread flushes every circuit with news once per refresh interval. A failure that
 * may trip the circuit (the shared count last seen plus the failures not yet sent reach the
 * threshold) is sent at once, from the caller's thread, without waiting for the reply. So Redis
 * counts a failure within one refresh interval, and the circuit opens once the failures reported
 * since the last reported success reach the threshold: never before {@code threshold} failures were
 * counted fleet-wide, and at the latest when {@code threshold + instances × (threshold − 1)} failures
 * (plus those that end during one round trip) have happened.
 */
final class CircuitFlush {

    private static final CompletableFuture<FlushReply> ALREADY_IN_FLIGHT = CompletableFuture.completedFuture(null);

    private final FailureTally tally = new FailureTally();
    private final SharedWindow window;
    private final SnapshotCache cache;
    private final CircuitMode mode;
    private final CircuitScripts scripts;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong(); // the generation of the flush in flight, 0 when none
    private final AtomicLong generations = new AtomicLong();
    private final long lostAfterNanos;
    private volatile long inFlightSinceNanos;
    private final AtomicLong sending = new AtomicLong(); // the tally of the flush in flight
    private final AtomicLong lost = new AtomicLong(); // tallies of failed flushes, for the local breaker only
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
     * Counts a failure of a call that ran in CLOSED, and sends the tally at once when it may trip.
     *
     * @param shared the cached shared state
     * @return the fleet's consecutive failures as far as this instance knows
     */
    int failure(SharedSnapshot shared) {
        int estimate = FailureTally.estimate(shared.failures(), tally.failure());
        if (estimate >= threshold) {
            sendTrip();
        }
        return estimate;
    }

    /**
     * Counts a success of a call that ran in CLOSED: the failures before it stop counting, here and,
     * with the next flush, in Redis. Writes nothing when no failure is known.
     *
     * @param shared the cached shared state
     * @return whether it reset a count this instance knew to be above zero
     */
    boolean success(SharedSnapshot shared) {
        long before = tally.peek();
        if (shared.failures() == 0 && FailureTally.failures(before) == 0) {
            return false;
        }
        return tally.success() && FailureTally.estimate(shared.failures(), before) > 0;
    }

    /**
     * Returns the fleet's consecutive failures as far as this instance knows.
     *
     * @param shared the cached shared state
     * @return the count Redis will hold once the tally arrives
     */
    int estimate(SharedSnapshot shared) {
        return FailureTally.estimate(shared.failures(), tally.peek());
    }

    /**
     * Whether there is anything to send.
     *
     * @return {@code true} when failures, a reset or window counts wait
     */
    boolean hasNews() {
        return FailureTally.hasNews(tally.peek()) || window.hasNews();
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
     * Drops what was not sent, including the tally of a flush that failed: the local breaker counts on its own
     * from now on, starting from the count returned.
     *
     * @param shared the cached shared state
     * @return the fleet's consecutive failures as far as this instance knew, the unsent ones included
     */
    int discard(SharedSnapshot shared) {
        long unsent = FailureTally.merge(FailureTally.merge(lost.getAndSet(0), sending.getAndSet(0)), tally.drain());
        window.discard();
        return shared.state() == io.purgatory.CircuitState.CLOSED ? FailureTally.estimate(shared.failures(), unsent) : 0;
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
        long generation = generations.incrementAndGet();
        long previous = inFlight.get();
        boolean free = previous == 0
                // A reply that never came (the command timeout should have ended it): send anyway, or never again.
                || System.nanoTime() - inFlightSinceNanos > lostAfterNanos;
        if (!free || !inFlight.compareAndSet(previous, generation)) {
            return ALREADY_IN_FLIGHT;
        }
        inFlightSinceNanos = System.nanoTime();
        long failures = tally.drain();
        sending.set(failures);
        WindowDeltas.Drained counts = window.drain();
        boolean news = FailureTally.hasNews(failures) || !counts.isEmpty();
        String[] breaker = breakerArgs;
        String[] layout = window.layoutArgs();
        String[] args = new String[7 + 3 + layout.length];
        args[0] = Long.toString(news ? sequence.incrementAndGet() : 0);
        args[1] = FailureTally.successSeen(failures) ? "1" : "0";
        args[2] = Integer.toString(FailureTally.failures(failures));
        System.arraycopy(breaker, 0, args, 3, breaker.length);
        args[7] = Long.toString(counts.calls());
        args[8] = Long.toString(counts.failures());
        args[9] = Long.toString(counts.slowCalls());
        System.arraycopy(layout, 0, args, 10, layout.length);
        return scripts.flush(window, args).whenComplete((reply, never) -> {
            long sent = sending.getAndSet(0); // 0 when a switch to the local breaker took it meanwhile
            if (reply == null) {
                // Not re-sent (it may have been applied); if this circuit decides locally later, it starts from it.
                lost.accumulateAndGet(sent, FailureTally::merge);
            } else {
                lost.set(0);
                cache.installRead(reply.reply());
                if (mode.isLocal()) {
                    mode.rejoin(); // a circuit deciding locally shares again once Redis answers for it
                }
            }
            inFlight.compareAndSet(generation, 0); // unless a later flush took over from this one
            if (tripPending) {
                tripPending = false;
                if (estimate(cache.current()) >= threshold) {
                    sendTrip();
                }
            }
        });
    }
}
