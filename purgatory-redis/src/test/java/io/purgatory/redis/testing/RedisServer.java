package io.purgatory.redis.testing;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A private {@code redis-server} on a free loopback port, or an external one from {@code PURGATORY_REDIS_URL}, that
 * tests can stop, restart, pause, freeze and inspect; thread-safe (lifecycle methods are synchronized).
 */
public final class RedisServer implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final String host;
    private final int port;
    private final boolean cluster;
    private final RespClient resp;

    /** Null for an external server, which this harness must never stop or signal. */
    private final RedisLifecycle lifecycle;
    private volatile String version;

    private RedisServer(String host, int port, boolean cluster, RedisLifecycle lifecycle) {
        this.host = host;
        this.port = port;
        this.cluster = cluster;
        this.resp = new RespClient(host, port);
        this.lifecycle = lifecycle;
    }

    /** Starts a standalone server, or uses {@code PURGATORY_REDIS_URL} if that is set. */
    public static RedisServer fromEnvironment() {
        return fromEnvironment(HarnessEnvironment.current());
    }

    static RedisServer fromEnvironment(HarnessEnvironment env) {
        Optional<String> url = env.get(HarnessEnvironment.URL);
        return url.isPresent() ? external(URI.create(url.get())) : start(RedisBinary.resolve(env));
    }

    /** Starts a standalone server with the binary that {@link RedisBinary#resolve()} picks. */
    public static RedisServer start() {
        return start(RedisBinary.resolve());
    }

    /** Starts a standalone server with the given binary. */
    public static RedisServer start(RedisBinary binary) {
        return launchNew(binary, false);
    }

    /** Starts a single-node cluster that owns all 16384 slots and reports {@code cluster_state:ok}. */
    public static RedisServer cluster() {
        return cluster(RedisBinary.resolve());
    }

    /** Starts a single-node cluster with the given binary. */
    public static RedisServer cluster(RedisBinary binary) {
        return launchNew(binary, true);
    }

    /**
     * Uses an already running server; lifecycle methods then throw {@link UnsupportedOperationException}.
     * @throws IllegalArgumentException for port 6379 (also when implied by a missing port), before connecting
     */
    public static RedisServer external(URI uri) {
        if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("Expected redis://host:port, got " + uri);
        }
        RedisServer server = new RedisServer(uri.getHost(), LoopbackPort.refuseDefault(uri.getPort()), false, null);
        server.awaitPing();
        server.announce("external");
        return server;
    }

    private static RedisServer launchNew(RedisBinary binary, boolean cluster) {
        RedisLifecycle lifecycle = RedisLifecycle.startOnFreePort(binary, LOOPBACK, cluster);
        RedisServer server = new RedisServer(LOOPBACK, lifecycle.port(), cluster, lifecycle);
        server.announce(binary.origin());
        return server;
    }

    /** Reads the version and prints the line that tells the test report which Redis actually ran. */
    private void announce(String origin) {
        this.version = info("server").get("redis_version");
        System.out.printf("[redis-harness] redis-server %s (%s) on %s:%d%s%n", this.version, origin, this.host,
                this.port, this.cluster ? " [cluster]" : "");
    }

    public String host() {
        return this.host;
    }

    public int port() {
        return this.port;
    }

    /** {@code redis://host:port}, ready for Lettuce's {@code RedisURI.create}. */
    public URI uri() {
        return URI.create("redis://" + this.host + ":" + this.port);
    }

    /** The {@code redis_version} from {@code INFO server}, e.g. {@code 6.2.11}. */
    public String version() {
        return this.version;
    }

    /** The executable and where it was found; empty for an external server. */
    public Optional<RedisBinary> binary() {
        return Optional.ofNullable(this.lifecycle).map(RedisLifecycle::binary);
    }

    /** Whether this harness owns the process, i.e. whether stop, restart, freeze and thaw are supported. */
    public boolean isManaged() {
        return this.lifecycle != null;
    }

    public boolean isClusterEnabled() {
        return this.cluster;
    }

    /** Whether the process is alive (true for a frozen one, and always for an external server). */
    public synchronized boolean isRunning() {
        return !isManaged() || this.lifecycle.isRunning();
    }

    /** {@code SHUTDOWN NOSAVE}, then kills the process if it is still alive; keeps port and dir for a restart. */
    public synchronized void stop() {
        managed("stop").stop();
    }

    /** Stops if needed and starts again on the same port and dir, so a cluster node keeps its slots. */
    public synchronized void restart() {
        managed("restart").stop();
        this.lifecycle.start();
        announce(this.lifecycle.binary().origin());
    }

    /** {@code CLIENT PAUSE ms ALL}: the server stays up but answers no client, this harness included, until then. */
    public synchronized void pause(Duration duration) {
        command("CLIENT", "PAUSE", Long.toString(duration.toMillis()), "ALL");
        if (isManaged()) {
            this.lifecycle.paused(duration);
        }
    }

    /** {@code kill -STOP}: connections stay open but nothing answers, like a hung server or a network black hole. */
    public synchronized void freeze() {
        managed("freeze").freeze();
    }

    /** {@code kill -CONT}, then waits until PING answers again. */
    public synchronized void thaw() {
        managed("thaw").thaw();
    }

    /** Undoes what an earlier test did: thaws, restarts, waits out a pause; then PING must answer. */
    public synchronized void ensureRunning() {
        if (!isManaged()) {
            awaitPing();
        }
        else if (this.lifecycle.ensureRunning()) {
            announce(this.lifecycle.binary().origin());
        }
    }

    public void flushAll() {
        command("FLUSHALL");
    }

    public void scriptFlush() {
        command("SCRIPT", "FLUSH");
    }

    /** {@code CONFIG RESETSTAT}, so that a test counts only its own commands. */
    public void resetStats() {
        command("CONFIG", "RESETSTAT");
    }

    /** Calls per command from {@code INFO commandstats}, e.g. {@code evalsha -> 12} (7.x: {@code client|pause}). */
    public Map<String, Long> commandStats() {
        return InfoReply.commandCalls(info("commandstats"));
    }

    /** {@code total_commands_processed}: includes the harness's own commands, but not the INFO that reads it. */
    public long totalCommands() {
        return Long.parseLong(info("stats").get("total_commands_processed"));
    }

    public Map<String, String> info(String section) {
        return InfoReply.fields((String) command("INFO", section));
    }

    public Map<String, String> clusterInfo() {
        return InfoReply.fields((String) command("CLUSTER", "INFO"));
    }

    /**
     * Runs any command on a fresh connection with a 5 s timeout ({@link RespClient} says why not Lettuce).
     * @return a {@code String}, {@code Long}, {@code null} or {@code List<Object>}
     * @throws RedisReplyException on an error reply such as {@code CROSSSLOT} or {@code NOSCRIPT}
     * @throws UncheckedIOException if the server is down, frozen or paused past the timeout
     */
    public Object command(String... args) {
        return this.resp.call(COMMAND_TIMEOUT, args);
    }

    /** Stops a managed server and deletes its working directory; leaves an external server alone. */
    @Override
    public synchronized void close() {
        if (isManaged()) {
            this.lifecycle.stop();
            this.lifecycle.deleteDirectory();
        }
    }

    @Override
    public String toString() {
        return "redis-server " + this.version + " on " + this.host + ":" + this.port
                + (this.cluster ? " [cluster]" : "");
    }

    private RedisLifecycle managed(String operation) {
        if (!isManaged()) {
            throw new UnsupportedOperationException(operation + " is not supported for an external server ("
                    + HarnessEnvironment.URL + "); skip such tests with assumeTrue(redis.isManaged())");
        }
        return this.lifecycle;
    }

    private void awaitPing() {
        Polling.until(COMMAND_TIMEOUT, () -> this.resp.ping(Duration.ofMillis(250)), "PING on " + this, () -> "");
    }

}
