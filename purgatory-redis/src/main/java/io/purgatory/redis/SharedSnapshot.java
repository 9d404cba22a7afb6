package io.purgatory.redis;

import io.purgatory.CircuitState;
import io.purgatory.event.TransitionCause;
import io.purgatory.store.CircuitSnapshot;
import java.time.Duration;
import java.time.Instant;

/**
 * What one instance last read of a circuit's shared state, with the times it needs to decide
 * locally. Immutable; thread-safe.
 *
 * <p>Server times are only ever compared with other server times: the OPEN deadline becomes a local
 * monotonic deadline ({@link #openDeadlineNanos()}) measured from when the reply arrived, so clock
 * skew between hosts cannot shorten or lengthen an open period.
 *
 * <p>Replies are ordered by when they were sent and received on this instance first: a script sent
 * after another's reply arrived ran after it, whatever the server clock says (a failover can move it
 * back). Only replies that were in flight together are ordered by server time, in microseconds, then
 * version.
 *
 * @param state the state
 * @param version grows with every transition
 * @param failures counted failures in a row
 * @param openedAtMillis server time of the last opening, or 0
 * @param openUntilMillis server time at which the open period ends, or 0
 * @param serverMicros server time when this was read, in microseconds
 * @param sentNanos local monotonic time when the script was sent
 * @param receivedNanos local monotonic time when the reply arrived
 * @param round the current half-open round
 * @param trialSuccesses successful trials in the current round
 * @param liveLeases trial leases not yet expired
 * @param reopenings re-openings since the circuit last closed
 * @param by the instance that made the last transition
 * @param cause the cause of the last transition, as a {@link TransitionCause} name
 * @param period this instance's number for the stretch of shared state the snapshot belongs to, given by
 *     {@link SnapshotCache} when it installs it: raised whenever the state or the version differs from the
 *     snapshot before, so it changes at every transition this instance sees, even when lost state (a
 *     {@code FLUSHALL}, expired keys, a failover that lost writes) makes versions repeat; 0 in a reply not yet
 *     installed. This instance's own counts in CLOSED belong to one period.
 */
record SharedSnapshot(
        CircuitState state,
        long version,
        int failures,
        long openedAtMillis,
        long openUntilMillis,
        long serverMicros,
        long sentNanos,
        long receivedNanos,
        long round,
        int trialSuccesses,
        int liveLeases,
        int reopenings,
        String by,
        String cause,
        long period) {

    /**
     * The state assumed before anything was read: CLOSED, older than any reply.
     *
     * @param nowNanos local monotonic time
     * @return a CLOSED snapshot that every reply replaces
     */
    static SharedSnapshot initial(long nowNanos) {
        return new SharedSnapshot(CircuitState.CLOSED, 0, 0, 0, 0, Long.MIN_VALUE, nowNanos, nowNanos, 0, 0, 0, 0,
                "", "", 0);
    }

    /**
     * Returns this snapshot as installed after {@code previous}: in the same period when it has the same state
     * and version, in the next one otherwise.
     *
     * @param previous the snapshot installed before
     * @return this snapshot with its period
     */
    SharedSnapshot after(SharedSnapshot previous) {
        long next = state == previous.state && version == previous.version ? previous.period : previous.period + 1;
        return next == period ? this : new SharedSnapshot(state, version, failures, openedAtMillis, openUntilMillis,
                serverMicros, sentNanos, receivedNanos, round, trialSuccesses, liveLeases, reopenings, by, cause, next);
    }

    /**
     * Whether this is the {@link #initial} snapshot, not a reply.
     *
     * @return {@code true} before anything was read
     */
    boolean isInitial() {
        return serverMicros == Long.MIN_VALUE;
    }

    /**
     * Returns the local monotonic time at which the open period ends.
     *
     * @return nanoseconds on the breaker's time source
     */
    long openDeadlineNanos() {
        return receivedNanos + (openUntilMillis - Math.floorDiv(serverMicros, 1000L)) * 1_000_000L;
    }

    /**
     * Whether this reply is at least as recent as {@code other}: sent after {@code other} arrived, or,
     * for two replies in flight together, read at a later server time (then with a higher version).
     * Server time alone would not do: a failover to a server whose clock is behind would make every
     * new reply look stale; versions alone neither, because lost state (FLUSHALL, expiry) restarts them.
     *
     * @param other the snapshot held now
     * @return {@code true} when this one should replace it
     */
    boolean supersedes(SharedSnapshot other) {
        if (other.isInitial() || sentNanos - other.receivedNanos > 0) {
            return true;
        }
        if (other.sentNanos - receivedNanos > 0) {
            return false; // other was sent after this reply arrived: this one is older, however late it is installed
        }
        return serverMicros > other.serverMicros
                || (serverMicros == other.serverMicros && version >= other.version);
    }

    /**
     * Why the circuit entered this state, as this instance reports it.
     *
     * @param instanceId this instance's id
     * @return the stored cause for this instance's own transitions, {@code SHARED_STATE} for others'
     */
    TransitionCause causeFor(String instanceId) {
        if (!instanceId.equals(by)) {
            return TransitionCause.SHARED_STATE;
        }
        try {
            return TransitionCause.valueOf(cause);
        } catch (IllegalArgumentException unknown) {
            return TransitionCause.SHARED_STATE;
        }
    }

    /**
     * Converts to the store SPI's snapshot.
     *
     * @param failuresInARow this instance's consecutive failures, reported while CLOSED
     * @return the public snapshot, not degraded
     */
    CircuitSnapshot toCircuitSnapshot(int failuresInARow) {
        boolean opened = state == CircuitState.OPEN || state == CircuitState.HALF_OPEN
                || state == CircuitState.FORCED_OPEN;
        Instant openedAt = opened && openedAtMillis > 0 ? Instant.ofEpochMilli(openedAtMillis) : null;
        Duration period = state == CircuitState.OPEN ? Duration.ofMillis(openUntilMillis - openedAtMillis) : null;
        int trials = state == CircuitState.HALF_OPEN ? liveLeases : 0;
        int count = state == CircuitState.CLOSED ? failuresInARow : 0;
        return new CircuitSnapshot(state, count, openedAt, period, trials, reopenings, version, false);
    }
}
