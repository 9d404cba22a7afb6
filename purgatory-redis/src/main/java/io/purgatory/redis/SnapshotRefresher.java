package io.purgatory.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one background thread of a {@link RedisCircuitStore}: re-reads active circuits every refresh
 * interval, reads a circuit at once when a pub/sub nudge names it, and while Redis is unavailable
 * retries with back-off and adopts the shared state on recovery. Thread-safe; all Redis work
 * happens on its single thread, so thousands of breakers cost no more threads.
 */
final class SnapshotRefresher extends RedisPubSubAdapter<String, String> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SnapshotRefresher.class.getName());

    private final RedisCircuitStore store;
    private final ScheduledExecutorService thread;
    private final long intervalNanos;
    private final long activeWindowNanos;

    SnapshotRefresher(RedisCircuitStore store) {
        this.store = store;
        this.intervalNanos = store.settings().refreshInterval().toNanos();
        this.activeWindowNanos = store.settings().activeWindow().toNanos();
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "purgatory-redis-" + store.instanceId());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic refresh. */
    void start() {
        thread.scheduleWithFixedDelay(this::tick, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A nudge {@code "<instance id> <circuit name>"}: that instance changed the circuit. Runs on a
     * Lettuce thread, so it only hands over to the refresh thread.
     */
    @Override
    public void message(String channel, String message) {
        int space = message.indexOf(' ');
        if (space < 0 || message.substring(0, space).equals(store.instanceId())) {
            return; // our own change: the script's reply already updated the cache
        }
        RedisCircuit circuit = store.circuit(message.substring(space + 1));
        if (circuit != null) {
            try {
                thread.execute(() -> refreshGuarded(List.of(circuit)));
            } catch (RejectedExecutionException closing) {
                // the store is closing; nothing left to refresh
            }
        }
    }

    private void tick() {
        try {
            StoreHealth health = store.health();
            if (StoreHealth.isDegraded(health.status())) {
                if (health.retryDue()) {
                    tryRecover(health);
                }
            } else {
                resubscribeIfLost(health);
                long now = System.nanoTime();
                List<RedisCircuit> active = new ArrayList<>();
                for (RedisCircuit circuit : store.circuits()) {
                    if (circuit.isActive(now, activeWindowNanos)) {
                        active.add(circuit);
                    }
                }
                refreshGuarded(active);
            }
            for (RedisCircuit circuit : store.circuits()) {
                circuit.fallback().catchUp(); // idle circuits report an episode too
            }
        } catch (RuntimeException unexpected) {
            // The refresh thread must survive anything; the next tick tries again.
            LOG.log(System.Logger.Level.DEBUG, "Purgatory Redis refresh failed", unexpected);
        }
    }

    /**
     * Restores a nudge subscription whose connection dropped while the scripts' connection stayed up:
     * the connections do not reconnect by themselves (a reconnect would replay commands in flight).
     */
    private void resubscribeIfLost(StoreHealth health) {
        if (store.connection().isSubscribed()) {
            return;
        }
        int sentStatus = health.status();
        try {
            store.connect();
        } catch (RuntimeException unreachable) {
            health.degraded(unreachable, sentStatus);
        }
    }

    private void tryRecover(StoreHealth health) {
        try {
            store.connect();
            refresh(store.circuits());
            health.recovered();
        } catch (RuntimeException stillDown) {
            health.retryFailed();
        }
    }

    private void refreshGuarded(Collection<RedisCircuit> circuits) {
        int sentStatus = store.health().status();
        if (StoreHealth.isDegraded(sentStatus)) {
            return;
        }
        try {
            refresh(circuits);
        } catch (RuntimeException failure) {
            store.health().degraded(failure, sentStatus);
        }
    }

    /**
     * Reads every given circuit, pipelined, and installs the replies; waits at most one command timeout in all.
     * A circuit whose reply cannot be read is logged and skipped.
     *
     * @param circuits the circuits to read
     * @throws StoreUnavailableException when any read failed
     */
    private void refresh(Collection<RedisCircuit> circuits) {
        if (circuits.isEmpty()) {
            return;
        }
        List<RedisCircuit> order = new ArrayList<>(circuits);
        List<CompletableFuture<ScriptReply>> replies = new ArrayList<>(order.size());
        for (RedisCircuit circuit : order) {
            replies.add(circuit.scripts().read());
        }
        long deadline = System.nanoTime() + store.runner().timeout().toNanos();
        for (int i = 0; i < order.size(); i++) {
            RedisCircuit circuit = order.get(i);
            try {
                circuit.cache().installRead(store.runner().await(replies.get(i), deadline - System.nanoTime()));
            } catch (UnreadableReplyException unreadable) {
                circuit.cache().unreadable(unreadable.getMessage()); // skipped: the other circuits and the store carry on
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
