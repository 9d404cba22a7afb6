package io.purgatory.redis;

import io.purgatory.CircuitState;
import io.purgatory.event.TransitionCause;
import io.purgatory.store.CircuitSignals;

/**
 * Switches one circuit between the shared state and its {@link LocalFallback} when the store's
 * health changes, reporting each degraded episode once per circuit. Thread-safe: a call that finds
 * nothing changed costs one volatile read; the switch itself is synchronized, and happens once per episode.
 */
final class FallbackSwitch {

    private final StoreHealth health;
    private final LocalFallback local;
    private final SharedWindow window;
    private final CircuitSignals signals;
    private final SnapshotCache cache;
    private volatile int seenStatus;

    /**
     * Creates the switch in the store's current mode; when the store is degraded already, the local
     * breaker takes over at once.
     *
     * @param health the store's health
     * @param local the circuit's local breaker
     * @param window the circuit's shared window
     * @param signals where episodes are reported
     * @param cache the shared state the local breaker starts from
     */
    FallbackSwitch(StoreHealth health, LocalFallback local, SharedWindow window, CircuitSignals signals,
            SnapshotCache cache) {
        this.health = health;
        this.local = local;
        this.window = window;
        this.signals = signals;
        this.cache = cache;
        this.seenStatus = health.status();
        if (StoreHealth.isDegraded(seenStatus)) {
            local.activate(cache.current()); // nothing known yet: CLOSED with no failures
        }
    }

    /**
     * Whether calls are decided locally now; applies a pending health change first. One volatile read
     * when nothing changed.
     *
     * @return {@code true} while the local breaker decides
     */
    boolean degraded() {
        int status = health.status();
        if (status != seenStatus) {
            followHealth(status);
        }
        return StoreHealth.isDegraded(status);
    }

    /**
     * Whether changes of the shared state are this circuit's to report now: not while the local breaker reports its own.
     *
     * @return {@code true} unless this circuit has switched to its local breaker
     */
    boolean followsShared() {
        return !StoreHealth.isDegraded(seenStatus);
    }

    /** Applies a pending change of the store's health now; for the store's thread, so idle circuits report it too. */
    void catchUp() {
        degraded();
    }

    /**
     * Switches between shared and local decisions after the store's health changed, reporting the
     * episode once per circuit. Called from any call path and from the store's thread.
     *
     * @param status the store's status now
     */
    private synchronized void followHealth(int status) {
        int seen = seenStatus;
        if (seen == status) {
            return;
        }
        boolean wasDegraded = StoreHealth.isDegraded(seen);
        boolean isDegraded = StoreHealth.isDegraded(status);
        window.discard(); // counts from before the episode are stale; the local window counts during it
        if (wasDegraded) {
            CircuitState localState = local.circuit().state();
            local.deactivate();
            seenStatus = status & ~1; // healthy from here on, so the cache reports again
            signals.storeRecovered();
            CircuitState sharedState = cache.current().state();
            if (localState != sharedState) {
                signals.stateChanged(localState, sharedState, TransitionCause.SHARED_STATE);
            }
        }
        if (isDegraded) {
            local.activate(cache.current());
            signals.storeDegraded(health.reason());
        }
        seenStatus = status;
    }
}
