package io.purgatory.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A master, a replica and one Sentinel watching them as {@value #MASTER_NAME}, each a private
 * {@code redis-server} on a free loopback port, with fast failure detection (1 s), so that a test can
 * kill the master and watch the replica take over. Not thread-safe: one test class owns it.
 */
public final class RedisSentinelSetup implements AutoCloseable {

    /** The name the Sentinel monitors the master under ({@code spring.data.redis.sentinel.master}). */
    public static final String MASTER_NAME = "purgatory-master";

    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final List<RedisProcess> processes = new ArrayList<>();
    private final int masterPort;
    private final int replicaPort;
    private final int sentinelPort;
    private RedisProcess master;
    private RedisProcess replica;

    private RedisSentinelSetup(Path dir, int masterPort, int replicaPort, int sentinelPort) {
        this.dir = dir;
        this.masterPort = masterPort;
        this.replicaPort = replicaPort;
        this.sentinelPort = sentinelPort;
    }

    /**
     * Starts the master, its replica and the Sentinel, and waits until the Sentinel knows the replica.
     *
     * @return the running setup
     */
    public static RedisSentinelSetup start() {
        RedisBinary binary = RedisBinary.resolve();
        Path dir = ScratchDirectory.create(null, "purgatory-redis-sentinel-");
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < 3) {
            int port = LoopbackPort.pick(false);
            if (!ports.contains(port)) {
                ports.add(port);
            }
        }
        RedisSentinelSetup setup = new RedisSentinelSetup(dir, ports.get(0), ports.get(1), ports.get(2));
        try {
            setup.launch(binary);
        } catch (RuntimeException ex) {
            setup.close();
            throw ex;
        }
        return setup;
    }

    private void launch(RedisBinary binary) {
        master = RedisProcess.launch(binary, LOOPBACK, masterPort, subdirectory("master"), false);
        processes.add(master);
        awaitPing(masterPort, master);
        replica = RedisProcess.launch(binary, LOOPBACK, replicaPort, subdirectory("replica"), false,
                List.of("--replicaof", LOOPBACK, Integer.toString(masterPort)));
        processes.add(replica);
        awaitPing(replicaPort, replica);
        RedisProcess started = replica;
        Polling.until(STARTUP_TIMEOUT, () -> "up".equals(info(replicaPort, "replication").get("master_link_status")),
                "replica in sync", started::logTail);

        Path sentinelDir = subdirectory("sentinel");
        Path config = sentinelDir.resolve("sentinel.conf");
        try {
            Files.writeString(config, String.join("\n",
                    "port " + sentinelPort,
                    "bind " + LOOPBACK,
                    "daemonize no",
                    "dir " + sentinelDir,
                    "logfile " + sentinelDir.resolve("redis.log"),
                    "sentinel monitor " + MASTER_NAME + " " + LOOPBACK + " " + masterPort + " 1",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + MASTER_NAME + " 5000",
                    "sentinel parallel-syncs " + MASTER_NAME + " 1",
                    ""));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        RedisProcess sentinel = RedisProcess.launchSentinel(binary, config, sentinelDir);
        processes.add(sentinel);
        awaitPing(sentinelPort, sentinel);
        Polling.until(STARTUP_TIMEOUT, () -> ((List<?>) command(sentinelPort, "SENTINEL", "REPLICAS", MASTER_NAME))
                .size() == 1, "the Sentinel knows the replica", sentinel::logTail);
        System.out.printf("[redis-harness] redis-server %s (%s) master %d, replica %d, sentinel %d%n",
                info(masterPort, "server").get("redis_version"), binary.origin(), masterPort, replicaPort, sentinelPort);
    }

    /** The loopback address of every process. */
    public String host() {
        return LOOPBACK;
    }

    /** The Sentinel's port ({@code spring.data.redis.sentinel.nodes}). */
    public int sentinelPort() {
        return sentinelPort;
    }

    /** The port of the server that is master at the start. */
    public int masterPort() {
        return masterPort;
    }

    /** The port of the replica, the master once the first one is gone. */
    public int replicaPort() {
        return replicaPort;
    }

    /** The port the Sentinel names as master now. */
    public int currentMasterPort() {
        List<?> address = (List<?>) command(sentinelPort, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
        return Integer.parseInt((String) address.get(1));
    }

    /**
     * Runs a command on one of the servers (or the Sentinel) over a fresh connection.
     *
     * @param port the server's port
     * @param args the command
     * @return the reply, as {@link RedisServer#command(String...)} returns it
     */
    public Object command(int port, String... args) {
        return new RespClient(LOOPBACK, port).call(Duration.ofSeconds(5), args);
    }

    /** Kills the first master without a goodbye (SIGKILL), as a crashed host would vanish. */
    public void killMaster() {
        master.signal("KILL");
        master.awaitExitOrKill(Duration.ofSeconds(5));
    }

    /**
     * Cuts the replica off: stops it (SIGSTOP) and makes the master drop its replication link, so that
     * nothing the master writes from now on reaches the replica, not even into its socket buffer.
     */
    public void cutOffReplica() {
        replica.signal("STOP");
        Polling.until(Duration.ofSeconds(5), replica::isStopped, "replica stopped", () -> "");
        command(masterPort, "CLIENT", "KILL", "TYPE", "replica");
    }

    /** Lets a frozen replica run again. */
    public void thawReplica() {
        replica.signal("CONT");
    }

    @Override
    public void close() {
        for (RedisProcess process : processes) {
            if (process.isAlive()) {
                process.signal("CONT"); // a frozen process cannot exit
                process.signal("KILL");
            }
            process.awaitExitOrKill(Duration.ofSeconds(5));
        }
        ScratchDirectory.delete(dir);
    }

    private Path subdirectory(String name) {
        return ScratchDirectory.create(dir, name);
    }

    private java.util.Map<String, String> info(int port, String section) {
        return InfoReply.fields((String) command(port, "INFO", section));
    }

    private void awaitPing(int port, RedisProcess process) {
        RespClient resp = new RespClient(LOOPBACK, port);
        Polling.until(STARTUP_TIMEOUT, () -> resp.ping(Duration.ofMillis(500)), "PING on port " + port,
                process::logTail);
    }
}
