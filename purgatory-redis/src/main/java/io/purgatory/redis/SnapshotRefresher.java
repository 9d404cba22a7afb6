package io.purgatory.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one background thread of a {@link RedisCircuitStore}. Every refresh interval it checks the
 * connection (one {@code PING}) and looks at the busy circuits ({@link BusyCircuits}): it flushes
 * each that has news, renews the leases of trials still running, and lets circuits that decide
 * locally share again. A tenth of {@code resync-interval} apart it scans every circuit, to re-read
 * one called recently that has heard nothing from Redis for {@code resync-interval} (a lost nudge);
 * and it scans at once when its nudge subscription was restored (nudges sent meanwhile are lost).
 * Reads go out with a bounded number on their way at once. While Redis is unavailable it retries
 * with back-off. A pub/sub nudge reads the circuit it names at once. Thread-safe; it never waits for
 * a circuit's reply, so what Redis sees, and what this thread does, grows with news and transitions,
 * not with the number of circuits.
 */
final class SnapshotRefresher extends RedisPubSubAdapter<String, String> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SnapshotRefresher.class.getName());

    /**
     * Reads to let circuits share again or to resync them that may be on their way at once: a recovery of
     * thousands of circuits proceeds as fast as Redis answers, never as one burst that outlasts the command timeout.
     */
    static final int MAX_READS_IN_FLIGHT = 250;

    private final RedisCircuitStore store;
    private final ScheduledExecutorService thread;
    private final long intervalNanos;
    private final long activeWindowNanos;
    private final long resyncNanos;
    private final long pollNanos;
    private final long scanNanos;
    private long lastScanNanos; // the store's thread only
    private boolean scanDue = true; // the store's thread only
    private volatile long visits; // written by the store's thread only
    private final AtomicInteger readsInFlight = new AtomicInteger();
    private final AtomicLong resyncGeneration = new AtomicLong(); // raised when nudges may have been lost
    private volatile boolean closing;

    SnapshotRefresher(RedisCircuitStore store) {
        this.store = store;
        this.intervalNanos = store.settings().refreshInterval().toNanos();
        this.activeWindowNanos = store.settings().activeWindow().toNanos();
        this.resyncNanos = store.settings().resyncInterval().toNanos();
        this.pollNanos = Math.min(intervalNanos, resyncNanos);
        this.scanNanos = Math.max(intervalNanos, resyncNanos / 10);
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "purgatory-redis-" + store.instanceId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic work. */
    void start() {
        thread.scheduleWithFixedDelay(this::tick, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A nudge {@code "<instance id> <circuit name>"}: that instance changed the circuit. Runs on a
     * Lettuce thread, and only sends the read, without waiting.
     */
    @Override
    public void message(String channel, String message) {
        int space = message.indexOf(' ');
        if (space < 0 || message.substring(0, space).equals(store.instanceId())) {
            return; // our own change: the script's reply already updated the cache
        }
        RedisCircuit circuit = store.circuit(message.substring(space + 1));
        if (circuit != null && !circuit.mode().isLocal()) {
            circuit.flush();
        }
    }

    private void tick() {
        try {
            StoreHealth health = store.health();
            if (StoreHealth.isDegraded(health.status()) && health.retryDue()) {
                tryRecover(health);
            }
            if (StoreHealth.isDegraded(health.status())) {
                for (RedisCircuit circuit : store.circuits()) {
                    circuit.mode().isLocal(); // idle circuits report the episode too
                }
            } else if (connectionUp(health)) {
                heartbeat(health);
                work();
            }
        } catch (RuntimeException unexpected) {
            // The refresh thread must survive anything; the next tick tries again.
            LOG.log(System.Logger.Level.DEBUG, "Purgatory Redis refresh failed", unexpected);
        }
    }

    /**
     * Whether the connection is usable; restores a nudge subscription whose connection dropped while the
     * scripts' connection stayed up (the connections do not reconnect by themselves: a reconnect would
     * replay commands in flight). A lost scripts' connection starts a degraded episode at once.
     */
    private boolean connectionUp(StoreHealth health) {
        int sentStatus = health.status();
        BreakerConnection connection = store.connection();
        if (connection.isConnected() && connection.isSubscribed()) {
            return true;
        }
        try {
            store.connect();
            resyncGeneration.incrementAndGet(); // nudges sent while the subscription was down are lost: re-read
            scanDue = true;
            return true;
        } catch (RuntimeException unreachable) {
            if (!closing) { // a connection attempt interrupted by close() is not an outage
                health.unreachable(unreachable, sentStatus);
            }
            return false;
        }
    }

    /** One PING per interval: an outage is noticed even when no circuit has news. */
    private void heartbeat(StoreHealth health) {
        int sentStatus = health.status();
        store.runner().ping().whenComplete((pong, failure) -> {
            if (failure == null) {
                health.succeeded();
            } else {
                health.failed(ScriptRunner.unwrap(failure), sentStatus);
            }
        });
    }

    /**
     * Looks at the busy circuits, or at every circuit when a scan is due: a tenth of {@code resync-interval}
     * after the last one, after the nudge subscription was restored, after a scan that could not send every
     * read it found due, and every refresh interval while polling.
     */
    private void work() {
        long now = System.nanoTime();
        // Without nudges (an ACL without the channel) circuits in use are polled every refresh interval instead.
        boolean polling = store.connection().isChannelRefused();
        long resync = polling ? pollNanos : resyncNanos;
        List<RedisCircuit> busy = store.busy().takeAll();
        if (polling || scanDue || now - lastScanNanos >= scanNanos) {
            lastScanNanos = now;
            scanDue = false;
            long generation = resyncGeneration.get();
            for (RedisCircuit circuit : store.circuits()) {
                boolean active = circuit.isActive(now, activeWindowNanos);
                if (!visit(circuit, now, active && (circuit.resyncDue(resync) || circuit.readBefore(generation)))) {
                    scanDue = true; // too many reads on their way: the next refresh scans again
                }
            }
        } else {
            for (RedisCircuit circuit : busy) {
                if (store.holds(circuit)) { // not detached meanwhile
                    visit(circuit, now, circuit.cache().current().isInitial());
                }
            }
        }
    }

    /**
     * Does what one circuit needs: lets it share again, flushes its news or reads it, renews its leases;
     * lists it again when it stays busy.
     *
     * @return {@code false} when a read was due but too many were on their way
     */
    private boolean visit(RedisCircuit circuit, long now, boolean readDue) {
        visits++;
        boolean done = true;
        CircuitMode mode = circuit.mode();
        if (mode.isLocal()) {
            if (readsInFlight.get() < MAX_READS_IN_FLIGHT && mode.rejoinDue(now)) {
                read(circuit).thenAccept(reply -> {
                    if (reply == null) {
                        mode.rejoinFailed();
                    }
                });
            }
        } else if (circuit.hasNews()) {
            circuit.flush();
        } else if (readDue) {
            done = readsInFlight.get() < MAX_READS_IN_FLIGHT;
            if (done) {
                read(circuit);
            }
        }
        circuit.trials().renewDue(now);
        if (circuit.busy()) {
            store.busy().add(circuit);
        }
        return done;
    }

    private CompletableFuture<FlushReply> read(RedisCircuit circuit) {
        readsInFlight.incrementAndGet();
        long generation = resyncGeneration.get();
        return circuit.flush().whenComplete((reply, never) -> {
            readsInFlight.decrementAndGet();
            if (reply != null) {
                circuit.readIn(generation);
            }
        });
    }

    /**
     * Returns how many times this thread has looked at a circuit, for tests of what its work grows with.
     *
     * @return the visits since the store started
     */
    long visits() {
        return visits;
    }

    private void tryRecover(StoreHealth health) {
        try {
            store.connect();
            store.runner().await(store.runner().ping(), Long.MAX_VALUE);
            // One script must run too: an ACL may allow PING but not scripts.
            store.circuits().stream().findAny().ifPresent(circuit -> circuit.scripts().probe());
            health.recovered(); // circuits share again one by one, each after a read of its own (work())
        } catch (RuntimeException stillDown) {
            health.retryFailed();
        }
    }

    @Override
    public void close() {
        closing = true;
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
