package io.purgatory.redis;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.TimeSource;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs one circuit's scripts with its keys and common arguments, and turns any failure into a
 * missing reply after telling whom it concerns: an unreadable reply is logged; an error about this
 * circuit's keys degrades this circuit only; any other failure counts toward degrading the circuit
 * and the store ({@link CircuitMode}, {@link StoreHealth}). Thread-safe: it holds no mutable state of
 * its own but the arguments a reconfiguration replaces.
 */
final class CircuitScripts {

    private final String[] keys;
    private final String name;
    private final RedisStoreSettings settings;
    private final String instanceId;
    private final String channel;
    private volatile String[] commonArgs; // the key TTL follows the configuration
    private final TimeSource time;
    private final ScriptRunner runner;
    private final StoreHealth health;
    private final SnapshotCache cache;
    private final CircuitMode mode;

    CircuitScripts(String name, CircuitKeys keys, CircuitBreakerConfig config, TimeSource time, RedisCircuitStore store,
            SnapshotCache cache, CircuitMode mode) {
        this.keys = keys.asArray();
        this.name = name;
        this.settings = store.settings();
        this.instanceId = store.instanceId();
        this.channel = store.channel();
        this.time = time;
        this.runner = store.runner();
        this.health = store.health();
        this.cache = cache;
        this.mode = mode;
        reconfigure(config);
    }

    /**
     * Derives the arguments every script gets from new settings.
     *
     * @param config the breaker's settings
     */
    void reconfigure(CircuitBreakerConfig config) {
        // Keys outlive every open period several times over, so an OPEN circuit never silently closes by expiry.
        long keyTtl = Math.max(settings.keyTtl().toMillis(), 4 * config.maxTtl().toMillis());
        this.commonArgs = new String[] {instanceId, Long.toString(keyTtl), channel, name};
    }

    /**
     * Runs a script without waiting.
     *
     * @param script the script
     * @param operationArgs the script's own arguments, after the common ones
     * @return the reply, or null when there is none; never fails
     */
    CompletableFuture<ScriptReply> send(RedisScripts script, String... operationArgs) {
        int sentStatus = health.status();
        return runner.submit(script, keys, args(operationArgs), time)
                .handle((reply, failure) -> outcome(reply, failure, sentStatus));
    }

    /**
     * Runs a script and hands the reply, or null when there is none, to {@code apply}: at once on a thread
     * that may wait (at most the command timeout); when the reply arrives on a Netty thread, which must
     * never wait for Redis (the reply may need that very thread).
     *
     * @param script the script
     * @param apply applies the reply, or null
     * @param operationArgs the script's own arguments, after the common ones
     */
    void runOrSend(RedisScripts script, Consumer<ScriptReply> apply, String... operationArgs) {
        if (ScriptRunner.mayWait()) {
            apply.accept(run(script, operationArgs));
        } else {
            send(script, operationArgs).thenAccept(apply);
        }
    }

    /**
     * Runs a script and waits, at most the command timeout.
     *
     * @param script the script
     * @param operationArgs the script's own arguments, after the common ones
     * @return the reply, or null when it failed
     */
    ScriptReply run(RedisScripts script, String... operationArgs) {
        int sentStatus = health.status();
        try {
            return outcome(runner.call(script, keys, args(operationArgs), time), null, sentStatus);
        } catch (RuntimeException failure) {
            return outcome(null, failure, sentStatus);
        }
    }

    /**
     * Reads this circuit and waits, reporting a failure to no one: the store's recovery probe, which must
     * see a script run (a PING may pass where scripts are refused).
     *
     * @throws RuntimeException when the script fails
     */
    void probe() {
        runner.call(RedisScripts.SNAPSHOT, keys, args(), time);
    }

    /**
     * Runs the {@code flush} script without waiting.
     *
     * @param window parses the reply and keeps the shared window's totals
     * @param operationArgs ARGV from index 5 on
     * @return the reply, or null when there is none; never fails
     */
    CompletableFuture<FlushReply> flush(SharedWindow window, String... operationArgs) {
        int sentStatus = health.status();
        long sent = time.nanoTime();
        return runner.submitRaw(RedisScripts.FLUSH, keys, args(operationArgs))
                .thenApply(raw -> window.accept(raw, sent, time.nanoTime()))
                .handle((reply, failure) -> outcome(reply, failure, sentStatus));
    }

    /**
     * Tells the circuit and the store how a command went, and turns a failure into a missing reply.
     *
     * @return the reply, or null when the command failed
     */
    private <T> T outcome(T reply, Throwable failure, int sentStatus) {
        if (failure == null) {
            health.succeeded();
            mode.succeeded();
            return reply;
        }
        Throwable cause = ScriptRunner.unwrap(failure);
        if (cause instanceof UnreadableReplyException unreadableReply) {
            cache.unreadable(unreadableReply.getMessage()); // Redis answered: nothing to degrade
        } else if (RedisErrors.concernsOneCircuit(cause)) {
            mode.failed(StoreHealth.describe(cause), true);
        } else if (RedisErrors.isRefusal(cause)) {
            health.unreachable(cause, sentStatus); // an ACL that forbids the scripts: no retry will help
        } else {
            health.failed(cause, sentStatus);
            mode.failed(StoreHealth.describe(cause), false);
        }
        return null;
    }

    /**
     * Returns a script's full ARGV: this circuit's common arguments, then the script's own.
     *
     * @param operationArgs the script's own arguments
     * @return ARGV
     */
    String[] args(String... operationArgs) {
        String[] commonArgs = this.commonArgs;
        String[] all = new String[commonArgs.length + operationArgs.length];
        System.arraycopy(commonArgs, 0, all, 0, commonArgs.length);
        System.arraycopy(operationArgs, 0, all, commonArgs.length, operationArgs.length);
        return all;
    }
}
