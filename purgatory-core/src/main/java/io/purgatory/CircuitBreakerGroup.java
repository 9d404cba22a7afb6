package io.purgatory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A group of circuits keyed by a dynamic value (a tenant, a host, a route): each distinct key gets its own
 * circuit, named {@code group[key]} and configured like the group, so that one bad key opens only its own
 * circuit. Thread-safe; obtain instances from {@link CircuitBreakerFactory#getGroup(String)}.
 *
 * <p><b>Bounded memory.</b> A group keeps at most {@link CircuitBreakerConfig#maxKeys()} circuits. A
 * <em>sweep</em> evicts every evictable circuit that has not been used for
 * {@link CircuitBreakerConfig#keyIdleTimeout()}; when the group is still full, it evicts the least recently
 * used evictable circuits, used or not. A circuit is evictable when it is CLOSED, or OPEN with its open
 * period over; a HALF_OPEN circuit, an OPEN one before its open period ends, and a forced one
 * (FORCED_OPEN, DISABLED) are never evicted. When a new key arrives and no circuit can go, the call uses
 * the group's <em>shared circuit</em> ({@link #getSharedBreaker()}), and {@link #getOverflowCount()}
 * counts it. Sweeps run when a new key arrives (at most every quarter of the idle timeout, and always when
 * the group is full), when the group is inspected ({@link #size()}, {@link #getBreakers()},
 * {@link #getStateCounts()}) and on {@link #evictIdle()}; no thread runs in the background.
 *
 * <p><b>Use.</b> The group notes that a circuit was used in a plain flag, not a timestamp: a sweep turns the
 * flag into its own time, so a circuit is never evicted as idle less than the idle timeout after its last
 * use, and recency is as fine as the sweeps. A call that looked its circuit up just before a sweep evicted
 * it still runs on the evicted circuit, and its outcome is not seen by the key's next circuit.
 *
 * <p><b>Null keys.</b> {@link #breaker(String) breaker(null)} returns the shared circuit, the breaker
 * named like the group ({@link CircuitBreakerFactory#getBreaker(String)} with the group's name).
 */
public final class CircuitBreakerGroup {

    private final String name;
    /** Shared with every circuit; replaced by {@link #reconfigure}, read under the lock when a circuit is created or swept. */
    private final BreakerSettings settings;
    private final TimeSource time;
    private final Function<String, CircuitBreaker> newCircuit;
    private final Supplier<CircuitBreaker> sharedCircuit;
    private final ConcurrentHashMap<String, CircuitBreaker> circuits = new ConcurrentHashMap<>();
    private final LongAdder overflows = new LongAdder();
    private final GroupEviction eviction; // guarded by this

    CircuitBreakerGroup(BreakerSettings settings, Function<String, CircuitBreaker> newCircuit,
            Supplier<CircuitBreaker> sharedCircuit) {
        this.name = settings.group;
        this.settings = settings;
        this.time = settings.time;
        this.newCircuit = newCircuit;
        this.sharedCircuit = sharedCircuit;
        this.eviction = new GroupEviction(circuits, time);
    }

    /**
     * Replaces the settings of the group and of every circuit it holds, keeping their states (see
     * {@link CircuitBreakerFactory#reconfigure(String, CircuitBreakerConfig)}); each circuit whose settings
     * change publishes one {@link io.purgatory.event.ConfigChanged}. Keys created from now on get the new
     * settings; a lower {@code maxKeys} or {@code keyIdleTimeout} applies from the next sweep.
     *
     * @return {@code true} when the group's settings changed
     */
    boolean reconfigure(CircuitBreakerConfig next, boolean recordCallDurations, int callDurationSampling) {
        List<CircuitBreaker> current;
        CircuitBreakerConfig previous;
        synchronized (this) {
            previous = settings.replace(next); // for every circuit at once, and keys created after this
            if (previous == null) {
                return false;
            }
            current = new ArrayList<>(circuits.values());
        }
        // Outside the lock: each reconfiguration publishes its event to listeners.
        for (CircuitBreaker circuit : current) {
            circuit.reconfigured(previous, next, recordCallDurations, callDurationSampling);
        }
        return true;
    }

    /**
     * Returns the circuit of a key, creating it on first use. For an existing key this is one map
     * lookup and allocates nothing.
     *
     * @param key the key; {@code null} gets the group's shared circuit
     * @return the key's circuit, or the shared circuit when the key is {@code null} or the group is
     *     full of circuits that cannot be evicted
     * @throws IllegalArgumentException when {@code group[key]} is not a valid circuit name (see {@link CircuitNames})
     */
    public CircuitBreaker breaker(String key) {
        if (key == null) {
            return sharedCircuit.get();
        }
        CircuitBreaker circuit = circuits.get(key);
        if (circuit != null) {
            if (!circuit.used) {
                circuit.used = true; // written only once per sweep: the common case just reads it
            }
            return circuit;
        }
        return create(key);
    }

    private CircuitBreaker create(String key) {
        CircuitNames.requireValidKeyed(name, key);
        CircuitBreaker created;
        synchronized (this) {
            CircuitBreaker raced = circuits.get(key);
            if (raced != null) {
                raced.used = true;
                return raced;
            }
            long now = time.nanoTime();
            CircuitBreakerConfig config = settings.config();
            if (circuits.size() >= config.maxKeys() || eviction.due(now, config)) {
                eviction.sweep(now, 1, config);
            }
            if (circuits.size() >= config.maxKeys()) {
                created = null;
            } else {
                created = newCircuit.apply(key);
                created.lastSeenNanos = now;
                circuits.put(key, created);
            }
        }
        if (created == null) {
            overflows.increment();
            return sharedCircuit.get(); // outside the lock: it may create and announce a breaker
        }
        created.announce(); // outside the lock: listeners run; calls made meanwhile wait for it in its events
        return created;
    }

    /**
     * Returns the name of the keyed circuit of {@code key} in {@code group}.
     *
     * @param group the group name
     * @param key the key
     * @return {@code group[key]}
     */
    public static String circuitName(String group, String key) {
        return group + '[' + key + ']';
    }

    /**
     * Returns the circuit of a key if the group holds one, without creating it or marking it used.
     *
     * @param key the key
     * @return the circuit, or empty
     */
    public Optional<CircuitBreaker> findBreaker(String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(circuits.get(key));
    }

    /**
     * Evicts what a sweep evicts now: idle evictable circuits, then, when the group is full, the least
     * recently used evictable ones.
     *
     * @return how many circuits were evicted
     */
    public synchronized int evictIdle() {
        return eviction.sweep(time.nanoTime(), 0, settings.config());
    }

    /**
     * Returns how many calls of the group's keyed circuits ended with an outcome, evicted circuits
     * included, so the total never goes down. Reads every circuit: meant for meters, not for the call path.
     *
     * @param outcome the outcome
     * @return the count since the group was created
     */
    public synchronized long getCallCount(CallOutcome outcome) {
        // Under the lock: an eviction between reading the retired total and the live circuits would drop its calls.
        long sum = eviction.retiredCalls(outcome);
        for (CircuitBreaker circuit : circuits.values()) {
            sum += circuit.getStatistics().count(outcome);
        }
        return sum;
    }

    /**
     * Returns how long the calls of the group's keyed circuits with an outcome took in total, evicted
     * circuits included (see {@link CallStatistics#totalNanos(CallOutcome)}).
     *
     * @param outcome the outcome
     * @return nanoseconds since the group was created
     */
    public synchronized long getCallNanos(CallOutcome outcome) {
        // Under the lock: an eviction between reading the retired total and the live circuits would drop its calls.
        long sum = eviction.retiredNanos(outcome);
        for (CircuitBreaker circuit : circuits.values()) {
            sum += circuit.getStatistics().totalNanos(outcome);
        }
        return sum;
    }

    /**
     * Returns the group's name.
     *
     * @return the name, also the prefix of its circuits' names
     */
    public String getName() {
        return name;
    }

    /**
     * Returns the settings every circuit of the group is created with.
     *
     * @return the group's configuration
     */
    public CircuitBreakerConfig getConfig() {
        return settings.config();
    }

    /**
     * Returns the circuit that serves null keys and new keys that find the group full: the breaker named
     * like the group.
     *
     * @return the shared circuit
     */
    public CircuitBreaker getSharedBreaker() {
        return sharedCircuit.get();
    }

    /**
     * Returns how many keyed circuits the group holds, after a sweep if one is due.
     *
     * @return at most {@link CircuitBreakerConfig#maxKeys()}
     */
    public int size() {
        sweepIfDue();
        return circuits.size();
    }

    /**
     * Returns the group's keyed circuits, sorted by key, after a sweep if one is due.
     *
     * @return an immutable snapshot
     */
    public List<CircuitBreaker> getBreakers() {
        sweepIfDue();
        List<CircuitBreaker> all = new ArrayList<>(circuits.values());
        all.sort(Comparator.comparing(CircuitBreaker::getKey));
        return Collections.unmodifiableList(all);
    }

    /**
     * Returns how many keyed circuits are in each state, after a sweep if one is due. Reads every
     * circuit's state without allocating per circuit.
     *
     * @return a count for every {@link CircuitState}, zeros included
     */
    public Map<CircuitState, Integer> getStateCounts() {
        sweepIfDue();
        int[] counts = new int[CircuitState.values().length];
        for (CircuitBreaker circuit : circuits.values()) {
            counts[circuit.getState().ordinal()]++;
        }
        Map<CircuitState, Integer> result = new EnumMap<>(CircuitState.class);
        for (CircuitState state : CircuitState.values()) {
            result.put(state, counts[state.ordinal()]);
        }
        return Collections.unmodifiableMap(result);
    }

    /**
     * Returns how many keyed circuits are in one state now, without sweeping.
     *
     * @param state the state
     * @return the count
     */
    public int count(CircuitState state) {
        int count = 0;
        for (CircuitBreaker circuit : circuits.values()) {
            if (circuit.getState() == state) {
                count++;
            }
        }
        return count;
    }

    /**
     * Returns how many new keys found the group full and used the shared circuit.
     *
     * @return the count since the group was created
     */
    public long getOverflowCount() {
        return overflows.sum();
    }

    /**
     * Returns how many circuits the group evicted.
     *
     * @return the count since the group was created
     */
    public long getEvictionCount() {
        return eviction.count();
    }

    private void sweepIfDue() {
        long now = time.nanoTime();
        synchronized (this) {
            if (eviction.due(now, settings.config())) {
                eviction.sweep(now, 0, settings.config());
            }
        }
    }

    @Override
    public String toString() {
        return "CircuitBreakerGroup[" + name + ", " + circuits.size() + " keys]";
    }
}
