package io.purgatory.redis;

import io.purgatory.store.CircuitSignals;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The newest shared state one instance has seen of one circuit: installs script replies and refresher
 * reads in the order {@link SharedSnapshot#supersedes} defines, and reports each shared state change
 * once. Thread-safe and lock-free: the snapshot is an immutable value in an {@link AtomicReference}.
 */
final class SnapshotCache {

    private static final System.Logger LOG = System.getLogger(RedisCircuitStore.class.getName());

    private final String name;
    private final String instanceId;
    private final CircuitSignals signals;
    private volatile boolean muted; // while the local breaker reports its own changes
    private final AtomicReference<SharedSnapshot> shared;
    private volatile boolean unreadable; // logged once until a reply reads again

    /**
     * Creates a cache holding the {@link SharedSnapshot#initial initial} snapshot.
     *
     * @param name the circuit's name, for the log
     * @param instanceId this instance's id, to tell its own transitions from others'
     * @param signals where state changes are reported
     * @param nowNanos the circuit's time now
     */
    SnapshotCache(String name, String instanceId, CircuitSignals signals, long nowNanos) {
        this.name = name;
        this.instanceId = instanceId;
        this.signals = signals;
        this.shared = new AtomicReference<>(SharedSnapshot.initial(nowNanos));
    }

    /**
     * Returns the newest snapshot installed.
     *
     * @return the cached shared state
     */
    SharedSnapshot current() {
        return shared.get();
    }

    /**
     * Stops or resumes reporting shared state changes: the local breaker reports its own while it decides.
     *
     * @param muted {@code true} to stop reporting
     */
    void mute(boolean muted) {
        this.muted = muted;
    }

    /**
     * Replaces the cached snapshot if the new one is more recent, and reports a state change exactly
     * once: with its own cause when this instance made it, as {@code SHARED_STATE} otherwise.
     *
     * @param next a snapshot just read from Redis
     */
    void install(SharedSnapshot next) {
        for (;;) {
            SharedSnapshot current = shared.get();
            if (!next.supersedes(current)) {
                return;
            }
            if (shared.compareAndSet(current, next.after(current))) {
                if (current.state() != next.state() && !muted && !current.isInitial()) {
                    signals.stateChanged(current.state(), next.state(), next.causeFor(instanceId));
                }
                return;
            }
        }
    }

    /**
     * Installs a read of the shared state, for the store's refresher; silently takes the first one read
     * after attaching, so a new breaker adopts the shared state.
     *
     * @param read the reply of a snapshot or flush script
     */
    void installRead(ScriptReply read) {
        noteReadable(read);
        SharedSnapshot current = shared.get();
        if (current.isInitial()) {
            shared.compareAndSet(current, read.snapshot().after(current));
        } else {
            install(read.snapshot());
        }
    }

    /**
     * Installs the snapshot a state-changing script answered with.
     *
     * @param reply the script's reply
     */
    void installReply(ScriptReply reply) {
        noteReadable(reply);
        install(reply.snapshot());
    }

    private void noteReadable(ScriptReply reply) {
        if (reply.unknownState() != null) {
            unreadable("its state '" + reply.unknownState() + "' is unknown to this version, so it counts as CLOSED");
        } else if (unreadable) {
            unreadable = false;
        }
    }

    /**
     * Logs, once until it reads again, that this circuit's shared state cannot be read; the store
     * and the other circuits carry on.
     *
     * @param why what could not be read
     */
    void unreadable(String why) {
        if (!unreadable) {
            unreadable = true;
            LOG.log(System.Logger.Level.WARNING, "Purgatory circuit '" + name + "' cannot be read from Redis: " + why);
        }
    }
}
