package io.purgatory.benchmarks.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private {@code redis-server} for one benchmark run: started on a free loopback port with no
 * persistence, in its own temp directory, and stopped with {@code SHUTDOWN NOSAVE} (and, failing
 * that, killed; a shutdown hook kills it too if the JVM exits first). Never touches another server.
 * Not thread-safe.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 10_000;
    private static final int START_ATTEMPTS = 3;

    private final RedisServerBinary binary;
    private final Process process;
    private final int port;
    private final Path dir;
    private final Thread killOnExit;

    private RedisServerProcess(RedisServerBinary binary, Process process, int port, Path dir) {
        this.binary = binary;
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.killOnExit = new Thread(process::destroyForcibly, "redis-server-" + port + "-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts a server from {@link RedisServerBinary#resolve()} and waits until it answers {@code PING}.
     * A port taken between choosing and binding it costs one more attempt.
     *
     * @return the running server
     * @throws IllegalStateException when the server does not start
     */
    public static RedisServerProcess start() {
        RedisServerBinary binary = RedisServerBinary.resolve();
        IllegalStateException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return startOnce(binary, freePort());
            } catch (IllegalStateException failed) {
                last = failed;
            }
        }
        throw last;
    }

    private static RedisServerProcess startOnce(RedisServerBinary binary, int port) {
        Path dir;
        Process process;
        try {
            dir = Files.createTempDirectory("purgatory-bench-redis-");
            process = new ProcessBuilder(List.of(binary.path().toString(),
                    "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                    "--protected-mode", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot start " + binary.path(), ex);
        }
        RedisServerProcess server = new RedisServerProcess(binary, process, port, dir);
        try {
            server.awaitPong();
            return server;
        } catch (RuntimeException notStarted) {
            server.close();
            throw notStarted;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException ex) {
            throw new UncheckedIOException("No free loopback port", ex);
        }
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(binary.path() + " exited with " + process.exitValue() + ": " + log());
            }
            try (RespClient client = RespClient.connect(port)) {
                if ("PONG".equals(client.command("PING"))) {
                    return;
                }
            } catch (IOException | RuntimeException notYet) {
                // not listening yet, or still loading
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for redis-server", ex);
            }
        }
        throw new IllegalStateException(binary.path() + " did not answer PING on port " + port + " within "
                + START_TIMEOUT_MILLIS + " ms: " + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("redis.log")).strip();
        } catch (IOException ex) {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    /**
     * Returns the server's port on 127.0.0.1.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Returns the binary and where it was found, for the run's log.
     *
     * @return for example {@code /usr/bin/redis-server (PATH)}
     */
    public String describe() {
        return binary.path() + " (" + binary.origin() + ")";
    }

    /**
     * Returns how many times each command ran since the server started, from {@code INFO commandstats},
     * without {@code INFO} itself (the measuring tool's own command). Commands run by Lua scripts count
     * too, under their own names, as Redis counts them.
     *
     * @return calls per command name, sorted by name
     */
    public Map<String, Long> commandCalls() {
        String info;
        try (RespClient client = RespClient.connect(port)) {
            info = client.command("INFO", "commandstats");
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot read INFO commandstats", ex);
        }
        Map<String, Long> calls = new TreeMap<>();
        for (String line : info.split("\r\n")) {
            // cmdstat_evalsha:calls=12,usec=345,usec_per_call=28.75,rejected_calls=0,failed_calls=0
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                int from = line.indexOf("calls=") + "calls=".length();
                int to = line.indexOf(',', from);
                if (!name.equals("info")) {
                    calls.put(name, Long.parseLong(line.substring(from, to < 0 ? line.length() : to)));
                }
            }
        }
        return calls;
    }

    /** Shuts the server down without saving, kills it if it does not exit, and deletes its directory. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try (RespClient client = RespClient.connect(port)) {
                client.command("SHUTDOWN", "NOSAVE"); // the server closes the connection instead of replying
            } catch (IOException | RuntimeException expected) {
                // closed by the shutdown, or the server is unresponsive: destroyed below either way
            }
        }
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway, harmlessly
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
