package io.purgatory.redis;

import io.lettuce.core.RedisURI;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.TimeSource;
import io.purgatory.store.CircuitSignals;
import io.purgatory.store.CircuitStore;
import io.purgatory.store.StoredCircuit;
import java.util.Collection;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps every circuit's state in Redis, shared by all instances that use the same server and key
 * prefix. Thread-safe.
 *
 * <p>Each instance decides calls from a cached snapshot per circuit; changes go through atomic Lua
 * scripts timed by the Redis server clock; failures and successes are tallied locally and flushed
 * once per refresh interval (at once when they may trip); transitions reach the other instances by
 * pub/sub nudge; one background thread flushes, renews trial leases and re-reads what may have been
 * missed; while Redis is unavailable, for the store or for one circuit, circuits fall back to a local
 * breaker. Close the store to stop its thread and its connections.
 */
public final class RedisCircuitStore implements CircuitStore, AutoCloseable {

    /** The value of {@link #type()}. */
    public static final String TYPE = "redis";

    private final RedisStoreSettings settings;
    private final BreakerConnection connection;
    private final String instanceId;
    private final String channel;
    private final ScriptRunner runner;
    private final StoreHealth health;
    private final SnapshotRefresher refresher;
    private final BusyCircuits busy = new BusyCircuits();
    private final ConcurrentHashMap<String, RedisCircuit> circuits = new ConcurrentHashMap<>();

    /**
     * Creates the store and connects once, on the calling thread (bounded by the connect timeout);
     * when Redis is unreachable it starts degraded and keeps retrying in the background.
     *
     * @param connection the breaker's own connection, not yet connected (the store closes it)
     * @param settings the store's settings
     */
    public RedisCircuitStore(BreakerConnection connection, RedisStoreSettings settings) {
        this.settings = settings;
        this.connection = connection;
        this.instanceId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
        this.channel = settings.keyPrefix() + ":events";
        this.runner = new ScriptRunner(connection, settings.commandTimeout());
        this.health = new StoreHealth(TimeSource.system(), settings.refreshInterval(), settings.maxRetryInterval(),
                settings.degradeAfterErrors(), "Purgatory store '" + settings.keyPrefix() + "'");
        this.refresher = new SnapshotRefresher(this);
        try {
            connect();
        } catch (RuntimeException unreachable) {
            health.unreachable(unreachable, health.status());
        }
        refresher.start();
    }

    /**
     * Creates a store on one Redis server (or a Sentinel-monitored master, given a Sentinel URI) with
     * its own Lettuce client: the way plain Java applications share breaker state.
     *
     * @param uri the server, with credentials and database; its timeout is replaced by the store's
     * @param settings the store's settings
     * @return the store, connected or, when Redis is unreachable, degraded and retrying in the background
     */
    public static RedisCircuitStore connect(RedisURI uri, RedisStoreSettings settings) {
        return new RedisCircuitStore(BreakerConnection.standalone(uri, null, settings), settings);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public StoredCircuit attach(String circuitName, CircuitBreakerConfig config, TimeSource time, CircuitSignals signals) {
        CircuitKeys keys = CircuitKeys.of(settings.keyPrefix(), circuitName);
        RedisCircuit circuit = new RedisCircuit(circuitName, keys, config, time, signals, this);
        circuits.put(circuitName, circuit);
        busy.add(circuit); // until its shared state was read, or while it decides locally
        if (!circuit.mode().isLocal()) {
            CompletableFuture<FlushReply> read = circuit.flush();
            if (ScriptRunner.mayWait()) {
                awaitQuietly(read); // adopt the shared state before the first call: never let calls through an OPEN circuit
            }
            // On a Netty thread, which must not wait: the circuit starts CLOSED and adopts the shared state a round trip later.
        }
        return circuit;
    }

    /** Waits for a read whose outcome its own handler applies; a timeout is that handler's to report. */
    private void awaitQuietly(CompletableFuture<FlushReply> read) {
        try {
            runner.await(read, settings.commandTimeout().toNanos());
        } catch (RuntimeException unanswered) {
            // the read's own handler reports the failure when Lettuce times the command out
        }
    }

    /**
     * Returns this instance's id, recorded in Redis with every transition it makes.
     *
     * @return a random id, fixed for the store's life
     */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Whether Redis is unavailable now and circuits decide locally.
     *
     * @return {@code true} while degraded
     */
    public boolean isDegraded() {
        return StoreHealth.isDegraded(health.status());
    }

    /**
     * Returns how many times Redis became unavailable since the store started.
     *
     * @return the number of degraded episodes
     */
    public int degradedEpisodes() {
        return health.episodes();
    }

    @Override
    public void close() {
        refresher.close();
        connection.close();
    }

    void connect() {
        connection.connect(channel, refresher);
    }

    BreakerConnection connection() {
        return connection;
    }

    /**
     * Returns the settings the store runs with.
     *
     * @return the validated settings
     */
    public RedisStoreSettings settings() {
        return settings;
    }

    String channel() {
        return channel;
    }

    ScriptRunner runner() {
        return runner;
    }

    StoreHealth health() {
        return health;
    }

    /**
     * Returns how many times the store's thread has looked at a circuit, for tests of what its work grows with.
     *
     * @return the visits since the store started
     */
    long circuitVisits() {
        return refresher.visits();
    }

    BusyCircuits busy() {
        return busy;
    }

    RedisCircuit circuit(String name) {
        return circuits.get(name);
    }

    Collection<RedisCircuit> circuits() {
        return circuits.values();
    }

    /**
     * Whether a circuit is still this store's: it was not detached.
     *
     * @param circuit a circuit of this store
     * @return {@code true} until it was forgotten
     */
    boolean holds(RedisCircuit circuit) {
        return circuits.get(circuit.name()) == circuit;
    }

    /** Drops a detached circuit, unless a new breaker of the same name attached another one since. */
    void forget(RedisCircuit circuit) {
        circuits.remove(circuit.name(), circuit);
    }

    @Override
    public String toString() {
        return "RedisCircuitStore[" + settings.keyPrefix() + ", instance " + instanceId + "]";
    }
}
