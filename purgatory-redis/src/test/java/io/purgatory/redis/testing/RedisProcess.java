package io.purgatory.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} OS process: its command line, its signals and its log; not thread-safe
 * ({@link RedisServer} serialises access).
 */
final class RedisProcess {

    private final Process process;
    private final Path dir;
    private final Thread reaper;

    private RedisProcess(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
        // A crashed or interrupted test JVM must not leave redis-server processes behind on a shared CI machine.
        this.reaper = new Thread(process::destroyForcibly, "redis-harness-reaper-" + process.pid());
        Runtime.getRuntime().addShutdownHook(this.reaper);
    }

    static RedisProcess launch(RedisBinary binary, String host, int port, Path dir, boolean cluster) {
        return launch(binary, host, port, dir, cluster, List.of());
    }

    /** Launches with further {@code redis-server} options appended (TLS, for example). */
    static RedisProcess launch(RedisBinary binary, String host, int port, Path dir, boolean cluster,
            List<String> moreOptions) {
        List<String> command = new ArrayList<>(List.of(binary.path().toString(), "--port", Integer.toString(port),
                "--bind", host, "--protected-mode", "no", "--save", "", "--appendonly", "no", "--daemonize", "no",
                // redis-server chdirs into --dir and writes dump/nodes files there, so it must be private and writable.
                "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
        if (cluster) {
            // Without announce-ip the node reports an empty host for itself and cluster clients cannot route.
            command.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file",
                    dir.resolve("nodes.conf").toString(), "--cluster-announce-ip", host));
        }
        command.addAll(moreOptions);
        return start(command, dir);
    }

    /**
     * Launches {@code redis-server <config> --sentinel}: a Sentinel, which needs a configuration file it can rewrite.
     *
     * @param config the Sentinel's configuration, in {@code dir}
     */
    static RedisProcess launchSentinel(RedisBinary binary, Path config, Path dir) {
        return start(List.of(binary.path().toString(), config.toString(), "--sentinel"), dir);
    }

    private static RedisProcess start(List<String> command, Path dir) {
        try {
            // Errors before the logfile is opened (bad option, missing libssl) only reach stdout/stderr.
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                .start();
            return new RedisProcess(process, dir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot start " + String.join(" ", command), ex);
        }
    }

    long pid() {
        return this.process.pid();
    }

    boolean isAlive() {
        return this.process.isAlive();
    }

    int exitValue() {
        return this.process.exitValue();
    }

    /** Sends a signal with kill(1), because Java has no API for SIGSTOP/SIGCONT. */
    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid()))
                .redirectErrorStream(true)
                .start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Signals are delivered asynchronously; waiting for state T makes "frozen" true before the caller goes on. */
    boolean isStopped() {
        Path stat = Path.of("/proc", Long.toString(pid()), "stat");
        if (!Files.exists(stat)) {
            return true; // not Linux: trust kill(1)
        }
        try {
            String content = Files.readString(stat);
            char state = content.charAt(content.lastIndexOf(')') + 2);
            return state == 'T' || state == 't';
        }
        catch (IOException ex) {
            return false;
        }
    }

    /** Waits for a requested shutdown to finish, then kills what is left. */
    void awaitExitOrKill(Duration grace) {
        try {
            if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(this.reaper);
        }
        catch (IllegalStateException ex) {
            // JVM already shutting down: the hook runs anyway and is harmless.
        }
    }

    String logTail() {
        StringBuilder tail = new StringBuilder();
        for (String name : List.of("stdout.log", "redis.log")) {
            try {
                List<String> lines = Files.readAllLines(this.dir.resolve(name));
                tail.append("\n--- ").append(name).append(" ---\n");
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach((l) -> tail.append(l).append('\n'));
            }
            catch (IOException ex) {
                // file not written yet
            }
        }
        return tail.toString();
    }

}
