package io.purgatory.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Starts, stops, freezes and thaws successive {@code redis-server} processes on one fixed loopback port and working
 * directory; not thread-safe ({@link RedisServer} serialises access).
 */
final class RedisLifecycle {

    private static final int SLOTS = 16384;

    /** Covers Redis's 2 s CLUSTER_WRITABLE_DELAY, during which a fresh cluster node stays in state "fail". */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);

    private final RedisBinary binary;
    private final String host;
    private final int port;
    private final boolean cluster;
    private final Path dir;
    private final RespClient resp;
    private RedisProcess process;
    private boolean frozen;
    private long pausedUntilNanos;

    RedisLifecycle(RedisBinary binary, String host, int port, boolean cluster, Path dir) {
        this.binary = binary;
        this.host = host;
        this.port = LoopbackPort.refuseDefault(port);
        this.cluster = cluster;
        this.dir = dir;
        this.resp = new RespClient(host, port);
    }

    /**
     * Starts a server on a port that is free now, retrying with another port if one was taken in between
     * (a picked port is free only until its probe socket closes).
     */
    static RedisLifecycle startOnFreePort(RedisBinary binary, String host, boolean cluster) {
        for (int attempt = 1;; attempt++) {
            RedisLifecycle lifecycle;
            try {
                lifecycle = new RedisLifecycle(binary, host, LoopbackPort.pick(cluster), cluster,
                        Files.createTempDirectory("purgatory-redis-"));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            try {
                lifecycle.start();
                return lifecycle;
            }
            catch (RuntimeException ex) {
                lifecycle.stop();
                lifecycle.deleteDirectory();
                if (attempt == 3 || !String.valueOf(ex.getMessage()).contains("Address already in use")) {
                    throw ex;
                }
            }
        }
    }

    int port() {
        return this.port;
    }

    RedisBinary binary() {
        return this.binary;
    }

    void start() {
        this.process = RedisProcess.launch(this.binary, this.host, this.port, this.dir, this.cluster);
        awaitPing(STARTUP_TIMEOUT);
        if (this.cluster) {
            // After a restart nodes.conf already holds the slots, and assigning them again would be an error.
            if (!"16384".equals(clusterInfo("cluster_slots_assigned"))) {
                assignAllSlots();
            }
            Polling.until(STARTUP_TIMEOUT, () -> "ok".equals(clusterInfo("cluster_state")), "cluster_state:ok",
                    this.process::logTail);
        }
    }

    boolean isRunning() {
        return this.process != null && this.process.isAlive();
    }

    void stop() {
        if (!isRunning()) {
            return;
        }
        if (this.frozen) {
            thawProcess(); // a stopped process would never read SHUTDOWN
        }
        try {
            this.resp.call(Duration.ofSeconds(2), "SHUTDOWN", "NOSAVE");
        }
        catch (RuntimeException expected) {
            // success closes the connection without a reply; a paused server times out here and is killed below
        }
        this.process.awaitExitOrKill(Duration.ofSeconds(5));
        this.pausedUntilNanos = 0;
    }

    void freeze() {
        if (!isRunning()) {
            throw new IllegalStateException("Cannot freeze a stopped server");
        }
        this.process.signal("STOP");
        this.frozen = true;
        Polling.until(Duration.ofSeconds(5), this.process::isStopped, "process state T", () -> "");
    }

    void thaw() {
        if (this.frozen) {
            thawProcess();
            awaitPing(STARTUP_TIMEOUT);
        }
    }

    void paused(Duration duration) {
        this.pausedUntilNanos = System.nanoTime() + duration.toNanos();
    }

    /** Thaws, restarts or waits out a CLIENT PAUSE, whichever an earlier test left behind. */
    boolean ensureRunning() {
        thaw();
        boolean restart = !isRunning();
        if (restart) {
            start();
        }
        long pauseLeft = Math.max(0, this.pausedUntilNanos - System.nanoTime());
        awaitPing(STARTUP_TIMEOUT.plusNanos(pauseLeft));
        return restart;
    }

    void deleteDirectory() {
        try (Stream<Path> files = Files.walk(this.dir)) {
            files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException ex) {
            // best effort: it is a temp dir
        }
    }

    private void thawProcess() {
        this.process.signal("CONT");
        this.frozen = false;
    }

    private void awaitPing(Duration timeout) {
        Polling.until(timeout, () -> {
            if (!this.process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + this.process.exitValue()
                        + this.process.logTail());
            }
            return this.resp.ping(PROBE_TIMEOUT);
        }, "PING on " + this.host + ":" + this.port, this.process::logTail);
    }

    private String clusterInfo(String field) {
        return InfoReply.fields((String) this.resp.call(PROBE_TIMEOUT, "CLUSTER", "INFO")).get(field);
    }

    private void assignAllSlots() {
        // CLUSTER ADDSLOTSRANGE is 7.0+, so plain ADDSLOTS in batches keeps this working on 6.2.
        int batch = 4096;
        for (int from = 0; from < SLOTS; from += batch) {
            String[] args = new String[batch + 2];
            args[0] = "CLUSTER";
            args[1] = "ADDSLOTS";
            for (int i = 0; i < batch; i++) {
                args[i + 2] = Integer.toString(from + i);
            }
            this.resp.call(STARTUP_TIMEOUT, args);
        }
    }

}
