package io.purgatory.redis;

import io.purgatory.store.StoredCircuit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trial leases one circuit holds in Redis, by permit, plus at most one lease acquired ahead for a
 * caller on a Netty thread, which cannot wait for Redis: that caller is rejected, and the next call
 * takes the lease once Redis granted it. Thread-safe.
 */
final class TrialLeases {

    /**
     * A granted lease.
     *
     * @param token the token Redis knows it by
     * @param round the half-open round it belongs to
     * @param renewAtNanos when to extend it if its trial still runs ({@link System#nanoTime()})
     * @param grantedNanos when it was granted ({@link System#nanoTime()})
     */
    record Lease(String token, long round, long renewAtNanos, long grantedNanos) {
    }

    private final long renewAfterNanos;

    /**
     * Creates an empty set of leases.
     *
     * @param leaseDuration how long Redis keeps a lease; held ones are renewed when half of it has passed
     */
    TrialLeases(Duration leaseDuration) {
        this.renewAfterNanos = leaseDuration.toNanos() / 2;
    }

    private record Ahead(long permit, Lease lease, long usableUntilNanos) {
    }

    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentHashMap<Long, Lease> held = new ConcurrentHashMap<>();
    private final AtomicReference<Ahead> ahead = new AtomicReference<>();
    private final AtomicBoolean aheadRequested = new AtomicBoolean();

    private Lease lease(String token, long round) {
        long now = System.nanoTime();
        return new Lease(token, round, now + renewAfterNanos, now);
    }

    /**
     * Returns a new number for a lease token and its permit.
     *
     * @return a number never returned before by this instance
     */
    long nextSequence() {
        return sequence.incrementAndGet();
    }

    /**
     * Remembers a lease handed out as a permit.
     *
     * @param permit the trial permit
     * @param token the lease token
     * @param round the round
     */
    void hold(long permit, String token, long round) {
        held.put(permit, lease(token, round));
    }

    /**
     * Forgets a permit's lease, to report its outcome.
     *
     * @param permit the trial permit
     * @return the lease, or {@code null} when unknown or already reported
     */
    Lease remove(long permit) {
        return held.remove(permit);
    }

    /**
     * Whether a trial of this instance holds a lease now, which the store's thread renews while the trial runs.
     *
     * @return {@code true} while one is held
     */
    boolean holdsAny() {
        return !held.isEmpty();
    }

    /**
     * Starts acquiring a lease ahead, unless a request is already on its way.
     *
     * @return {@code true} when the caller should send the request
     */
    boolean startAheadRequest() {
        return aheadRequested.compareAndSet(false, true);
    }

    /**
     * Ends the request started by {@link #startAheadRequest()}, and keeps the lease it got, if any.
     *
     * @param permit the permit for the lease, or {@link StoredCircuit#REJECTED} when none was granted
     * @param token the lease token
     * @param round the round
     * @param usableUntilNanos after this, the lease is too close to its expiry in Redis to hand out
     */
    void aheadRequestDone(long permit, String token, long round, long usableUntilNanos) {
        if (permit != StoredCircuit.REJECTED) {
            ahead.set(new Ahead(permit, lease(token, round), usableUntilNanos));
        }
        aheadRequested.set(false);
    }

    /**
     * Whether a lease acquired ahead waits for a call.
     *
     * @return {@code true} when one is held
     */
    boolean hasAhead() {
        return ahead.get() != null;
    }

    /**
     * Takes the lease acquired ahead, if it belongs to the current round and is still usable; a stale
     * one is dropped (Redis lets it expire).
     *
     * @param currentRound the cached half-open round, or -1 when the cached state is not HALF_OPEN
     * @param nowNanos now, on the circuit's time source
     * @return its permit, or {@link StoredCircuit#REJECTED} when there is none to take
     */
    long takeAhead(long currentRound, long nowNanos) {
        Ahead taken = ahead.getAndSet(null);
        if (taken == null || taken.lease().round() != currentRound || nowNanos - taken.usableUntilNanos() >= 0) {
            return StoredCircuit.REJECTED;
        }
        held.put(taken.permit(), taken.lease());
        return taken.permit();
    }

    /**
     * Returns the held leases due for renewal: half of their duration has passed, and their trials have run
     * for less than the longest a trial may hold its slot (a permit never reported stops being renewed then).
     *
     * @param nowNanos {@link System#nanoTime()}
     * @param maxTrialNanos the breaker's {@code half-open-timeout}
     * @return the leases to extend
     */
    List<Lease> renewalsDue(long nowNanos, long maxTrialNanos) {
        if (held.isEmpty()) {
            return List.of(); // nearly every circuit, every refresh interval: allocate nothing
        }
        List<Lease> due = new ArrayList<>();
        for (Lease lease : held.values()) {
            if (nowNanos - lease.renewAtNanos() >= 0 && nowNanos - lease.grantedNanos() < maxTrialNanos) {
                due.add(lease);
            }
        }
        return due;
    }

    /**
     * Records that Redis extended a lease, unless its trial ended meanwhile.
     *
     * @param lease the lease as it was sent for renewal
     * @param nextRenewalNanos when to extend it again
     */
    void renewed(Lease lease, long nextRenewalNanos) {
        held.replaceAll((permit, current) -> current == lease
                ? new Lease(lease.token(), lease.round(), nextRenewalNanos, lease.grantedNanos()) : current);
    }
}
