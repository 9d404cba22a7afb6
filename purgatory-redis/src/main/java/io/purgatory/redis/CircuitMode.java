package io.purgatory.redis;

import io.purgatory.CircuitState;
import io.purgatory.event.TransitionCause;
import io.purgatory.store.CircuitSignals;

/**
 * Whether one circuit decides from the shared state or from its {@link LocalFallback}, and the switch
 * between them. Thread-safe: a call that finds nothing changed costs two volatile reads; switching is
 * synchronized and happens once per episode.
 *
 * <p>A circuit decides locally while its store is degraded (every circuit of the store, one episode),
 * and on its own when Redis keeps failing for it alone: at once for an error about its keys (a key of
 * the wrong type, a script error; logged once), or after {@code degradeAfterErrors} failed commands in
 * a row (a Cluster shard that is down). It shares again only after the store's thread has read its
 * shared state successfully: after a store episode, circuit by circuit ({@link #rejoinDue}); after a
 * fault of its own, with a back-off doubling up to the longest retry pause. Each switch is reported
 * to the breaker once: {@code StoreDegraded} when it starts deciding locally, {@code StoreRecovered}
 * when it shares again.
 */
final class CircuitMode {

    /** What a switch asks of the circuit the mode belongs to. */
    interface Circuit {

        /**
         * Drops counts not yet sent to Redis: the local breaker counts from now on.
         *
         * @param shared the shared state as this instance knows it
         * @return this instance's consecutive failures in the current CLOSED period
         */
        int discardPending(SharedSnapshot shared);

        /** The circuit decides locally from now on: the store's thread tries to let it share again every refresh interval. */
        void decidesLocally();
    }

    private static final System.Logger LOG = System.getLogger(RedisCircuitStore.class.getName());

    private final String name;
    private final StoreHealth health;
    private final LocalFallback fallback;
    private final SnapshotCache cache;
    private final CircuitSignals signals;
    private final Circuit circuit;
    private final int degradeAfterErrors;
    private final long firstRetryNanos;
    private final long maxRetryNanos;
    private volatile int seenStatus;
    private volatile boolean local;
    private volatile int errorsInARow;
    private boolean ownFault; // guarded by this: local because of this circuit, not the store
    private long retryAtNanos; // guarded by this; System.nanoTime, the store thread's clock
    private long retryDelayNanos; // guarded by this

    /**
     * Creates the mode; the circuit decides locally at once when the store is degraded already.
     *
     * @param name the circuit's name, for the log
     * @param health the store's health
     * @param fallback the circuit's local breaker
     * @param cache the shared state the local breaker starts from
     * @param signals where switches are reported
     * @param circuit the circuit it switches, told when it switches
     * @param settings the store's retry settings and error threshold
     */
    CircuitMode(String name, StoreHealth health, LocalFallback fallback, SnapshotCache cache, CircuitSignals signals,
            Circuit circuit, RedisStoreSettings settings) {
        this.name = name;
        this.health = health;
        this.fallback = fallback;
        this.cache = cache;
        this.signals = signals;
        this.circuit = circuit;
        this.degradeAfterErrors = settings.degradeAfterErrors();
        this.firstRetryNanos = settings.refreshInterval().toNanos();
        this.maxRetryNanos = settings.maxRetryInterval().toNanos();
        this.seenStatus = health.status();
        if (StoreHealth.isDegraded(seenStatus)) {
            cache.mute(true);
            fallback.activate(cache.current(), 0); // nothing known yet: CLOSED with no failures
            local = true;
        }
    }

    /**
     * Whether calls are decided locally now; follows a change of the store's health first.
     *
     * @return {@code true} while the local breaker decides
     */
    boolean isLocal() {
        int status = health.status();
        if (status != seenStatus) {
            followStore(status);
        }
        return local;
    }

    private synchronized void followStore(int status) {
        if (status == seenStatus) {
            return;
        }
        seenStatus = status;
        if (StoreHealth.isDegraded(status)) {
            ownFault = false; // the store's episode covers it; it rejoins with the others
            retryAtNanos = 0;
            if (!local) {
                goLocal(health.reason());
            }
        }
        // A recovered store does not end this circuit's local decisions: its shared state is read first (rejoin).
    }

    /**
     * Reports a command of this circuit that Redis answered.
     */
    void succeeded() {
        if (errorsInARow != 0) {
            errorsInARow = 0; // a plain write: a lost reset only delays degrading by one error
        }
    }

    /**
     * Reports a failed command of this circuit; switches it to its local breaker when the failure
     * concerns its keys alone, or when it is the {@code degradeAfterErrors}-th in a row.
     *
     * @param why what went wrong
     * @param aboutThisCircuit whether the error concerns this circuit's keys rather than the server
     */
    synchronized void failed(String why, boolean aboutThisCircuit) {
        errorsInARow++;
        if (local || (!aboutThisCircuit && errorsInARow < degradeAfterErrors)) {
            return;
        }
        if (aboutThisCircuit) {
            LOG.log(System.Logger.Level.WARNING, "Purgatory circuit '" + name + "' cannot use its Redis keys (" + why
                    + "); it decides locally and is retried in the background, every other circuit keeps sharing");
        }
        ownFault = true;
        retryDelayNanos = firstRetryNanos;
        retryAtNanos = System.nanoTime() + retryDelayNanos;
        goLocal(why);
    }

    /**
     * Whether the store's thread should read this circuit to let it share again: it decides locally,
     * the store is healthy, and the circuit's own back-off (if any) has passed.
     *
     * @param nowNanos {@link System#nanoTime()}
     * @return {@code true} when a read is due
     */
    boolean rejoinDue(long nowNanos) {
        if (!isLocal() || StoreHealth.isDegraded(seenStatus)) {
            return false;
        }
        synchronized (this) {
            return nowNanos - retryAtNanos >= 0;
        }
    }

    /** Schedules the next read after a failed attempt to rejoin: the pause doubles up to the longest retry pause. */
    synchronized void rejoinFailed() {
        if (ownFault) {
            retryDelayNanos = Math.min(Math.max(retryDelayNanos, firstRetryNanos) * 2, maxRetryNanos);
            retryAtNanos = System.nanoTime() + retryDelayNanos;
        }
    }

    /**
     * Shares again after a successful read, unless the store is degraded: the cache holds the shared state
     * just read; a state that differs from the local breaker's is reported as a {@code SHARED_STATE} transition.
     */
    synchronized void rejoin() {
        isLocal(); // follow the store's health first
        if (!local || StoreHealth.isDegraded(health.status()) || StoreHealth.isDegraded(seenStatus)) {
            return;
        }
        CircuitState localState = fallback.circuit().state();
        fallback.deactivate();
        circuit.discardPending(cache.current()); // counts taken while deciding locally are the local breaker's
        errorsInARow = 0;
        if (ownFault) {
            ownFault = false;
            LOG.log(System.Logger.Level.INFO, "Purgatory circuit '" + name + "' shares its state through Redis again");
        }
        local = false;
        signals.storeRecovered();
        CircuitState sharedState = cache.current().state();
        if (localState != sharedState) {
            signals.stateChanged(localState, sharedState, TransitionCause.SHARED_STATE);
        }
        cache.mute(false);
    }

    private void goLocal(String why) {
        SharedSnapshot shared = cache.current();
        int failures = circuit.discardPending(shared); // the local breaker counts from now on
        cache.mute(true);
        fallback.activate(shared, failures);
        local = true;
        circuit.decidesLocally();
        signals.storeDegraded(why);
    }
}
