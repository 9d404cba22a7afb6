package io.purgatory.redis;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.TimeSource;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs one circuit's scripts with its keys and common arguments, and turns any failure into a
 * missing reply: an unreadable one is logged, any other degrades the store. Thread-safe: it holds
 * no mutable state of its own.
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
    private final SharedWindow window;
    private final SnapshotCache cache;
    private final FallbackSwitch fallback;

    CircuitScripts(String name, CircuitKeys keys, CircuitBreakerConfig config, TimeSource time, RedisCircuitStore store,
            SharedWindow window, SnapshotCache cache, FallbackSwitch fallback) {
        this.keys = keys.asArray();
        this.name = name;
        this.settings = store.settings();
        this.instanceId = store.instanceId();
        this.channel = store.channel();
        reconfigure(config);
        this.time = time;
        this.runner = store.runner();
        this.health = store.health();
        this.window = window;
        this.cache = cache;
        this.fallback = fallback;
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
     * Runs a script for this circuit and hands the reply, or null when there is none, to {@code apply}:
     * at once on an application thread, which waits at most the command timeout; when the reply
     * arrives on a Netty thread, which must never wait for Redis (the reply may need that very thread).
     *
     * @param script the script
     * @param apply applies the reply, or null
     * @param operationArgs the script's own arguments, after the common ones
     */
    void send(RedisScripts script, Consumer<ScriptReply> apply, String... operationArgs) {
        if (ScriptRunner.mayWait()) {
            apply.accept(run(script, operationArgs));
        } else {
            sendAsync(script, apply, operationArgs);
        }
    }

    /**
     * Runs a script for this circuit without waiting, and hands the reply, or null when there is none, to
     * {@code apply} when it arrives.
     *
     * @param script the script
     * @param apply applies the reply, or null
     * @param operationArgs the script's own arguments, after the common ones
     */
    void sendAsync(RedisScripts script, Consumer<ScriptReply> apply, String... operationArgs) {
        int sentStatus = health.status();
        runner.submit(script, keys, args(operationArgs), time)
                .whenComplete((reply, failure) -> apply.accept(failure == null ? reply : failed(failure, sentStatus)));
    }

    /**
     * Runs a script for this circuit and waits, at most the command timeout.
     *
     * @param script the script
     * @param operationArgs the script's own arguments, after the common ones
     * @return the reply, or null when it failed
     */
    ScriptReply run(RedisScripts script, String... operationArgs) {
        int sentStatus = health.status();
        try {
            return runner.call(script, keys, args(operationArgs), time);
        } catch (RuntimeException failure) {
            return failed(failure, sentStatus);
        }
    }

    /**
     * Handles a script that got no usable reply: an unreadable one is logged, without degrading
     * anything; any other failure degrades the store and switches to the local breaker, unless the
     * store recovered since the script was sent (then the failure is stale and its outcome lost).
     *
     * @return always null, the missing reply
     */
    private ScriptReply failed(Throwable failure, int sentStatus) {
        Throwable cause = ScriptRunner.unwrap(failure);
        if (cause instanceof UnreadableReplyException unreadableReply) {
            cache.unreadable(unreadableReply.getMessage());
        } else if (health.degraded(cause, sentStatus)) {
            fallback.degraded(); // switch to the local breaker before the caller continues
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

    /**
     * Starts reading this circuit's shared state, for the store's refresher. With a rate condition the
     * read is a flush: the calls counted since the last one travel with it, so the window costs no
     * extra command. A flush whose reply is lost is not retried (its counts are dropped, never doubled).
     *
     * @return the pending reply
     */
    CompletableFuture<ScriptReply> read() {
        String[] flush = window.nextFlush();
        if (flush == null) { // no rate condition
            return runner.submit(RedisScripts.SNAPSHOT, keys, commonArgs, time);
        }
        long sent = time.nanoTime();
        return runner.submitRaw(RedisScripts.FLUSH, keys, args(flush))
                .thenApply(raw -> window.accept(raw, sent, time.nanoTime()).reply());
    }
}
