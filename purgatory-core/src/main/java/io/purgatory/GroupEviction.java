package io.purgatory;

import io.purgatory.store.CircuitSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The eviction policy of one {@link CircuitBreakerGroup}: which of its circuits may go, and the sweeps that
 * evict idle circuits, then the least recently used ones past {@link CircuitBreakerConfig#maxKeys()}. It
 * keeps the call totals of the circuits it evicted, so that the group's totals never go down. Not
 * thread-safe by itself: every method except {@link #count()} runs under the lock of the group that owns it.
 */
final class GroupEviction {

    private static final CallOutcome[] OUTCOMES = CallOutcome.values();

    private final ConcurrentHashMap<String, CircuitBreaker> circuits;
    private final TimeSource time;
    private final LongAdder evictions = new LongAdder();
    /** Calls and nanos per outcome of evicted circuits. */
    private final long[] retiredCalls = new long[OUTCOMES.length];
    private final long[] retiredNanos = new long[OUTCOMES.length];
    private long lastSweepNanos;

    /**
     * Creates the policy of a group's circuits.
     *
     * @param circuits the group's map, which sweeps remove from
     * @param time the group's clock
     */
    GroupEviction(ConcurrentHashMap<String, CircuitBreaker> circuits, TimeSource time) {
        this.circuits = circuits;
        this.time = time;
        this.lastSweepNanos = time.nanoTime();
    }

    /** Whether a sweep is due: a quarter of the idle timeout after the last one. */
    boolean due(long now, CircuitBreakerConfig config) {
        return now - lastSweepNanos >= Math.max(1L, config.keyIdleTimeout().toNanos() / 4);
    }

    /**
     * Evicts idle circuits, then least recently used ones while more than {@code maxKeys - room} remain.
     *
     * @param now the monotonic time of the sweep
     * @param room how many new circuits must fit after the sweep
     * @param config the group's settings now
     * @return how many circuits were evicted
     */
    int sweep(long now, int room, CircuitBreakerConfig config) {
        lastSweepNanos = now;
        long idleNanos = config.keyIdleTimeout().toNanos();
        long wallNow = time.currentTimeMillis();
        int before = circuits.size();
        List<CircuitBreaker> candidates = new ArrayList<>();
        for (CircuitBreaker circuit : circuits.values()) {
            if (circuit.used) {
                circuit.used = false;
                circuit.lastSeenNanos = now;
            }
            if (!evictable(circuit, wallNow)) {
                continue;
            }
            if (now - circuit.lastSeenNanos >= idleNanos) {
                evict(circuit);
            } else {
                candidates.add(circuit);
            }
        }
        int excess = circuits.size() - config.maxKeys() + room;
        if (excess > 0) {
            candidates.sort(Comparator.comparingLong(circuit -> circuit.lastSeenNanos));
            // Evicting a few more than one when full spreads the cost of a full scan over that many new keys.
            int evictionBatch = Math.max(1, config.maxKeys() / 100);
            int toEvict = Math.min(candidates.size(), Math.max(excess, evictionBatch));
            for (int i = 0; i < toEvict; i++) {
                evict(candidates.get(i));
            }
        }
        int evicted = before - circuits.size();
        evictions.add(evicted);
        return evicted;
    }

    private void evict(CircuitBreaker circuit) {
        if (circuits.remove(circuit.getKey(), circuit)) {
            circuit.detach();
            CallStatistics statistics = circuit.getStatistics();
            for (CallOutcome outcome : OUTCOMES) {
                retiredCalls[outcome.ordinal()] += statistics.count(outcome);
                retiredNanos[outcome.ordinal()] += statistics.totalNanos(outcome);
            }
        }
    }

    /**
     * Whether a circuit may go: CLOSED, or OPEN past its open period. A HALF_OPEN circuit has a trial in
     * flight, and a forced one (FORCED_OPEN, DISABLED) is an operator's decision.
     */
    private static boolean evictable(CircuitBreaker circuit, long wallNowMillis) {
        CircuitState state = circuit.getState();
        if (state == CircuitState.CLOSED) {
            return true;
        }
        if (state != CircuitState.OPEN) {
            return false;
        }
        // OPEN moves to HALF_OPEN only when a call arrives: past its open period, nothing is lost by evicting it.
        CircuitSnapshot snapshot = circuit.getSnapshot();
        Instant openedAt = snapshot.openedAt();
        return openedAt != null && snapshot.openPeriod() != null
                && !openedAt.plus(snapshot.openPeriod()).isAfter(Instant.ofEpochMilli(wallNowMillis));
    }

    /** Calls with an outcome of the circuits evicted so far. */
    long retiredCalls(CallOutcome outcome) {
        return retiredCalls[outcome.ordinal()];
    }

    /** Nanoseconds of the calls with an outcome of the circuits evicted so far. */
    long retiredNanos(CallOutcome outcome) {
        return retiredNanos[outcome.ordinal()];
    }

    /** How many circuits were evicted; safe without the group's lock. */
    long count() {
        return evictions.sum();
    }
}
