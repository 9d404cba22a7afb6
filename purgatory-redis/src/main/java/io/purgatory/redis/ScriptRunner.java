package io.purgatory.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.purgatory.TimeSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@link RedisScripts} by EVALSHA, falling back to EVAL when Redis lost its script cache
 * (restart, failover, SCRIPT FLUSH). Thread-safe.
 */
final class ScriptRunner {

    private final BreakerConnection connection;
    private final Duration timeout;

    ScriptRunner(BreakerConnection connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
    }

    /**
     * Starts a script without waiting for it.
     *
     * @param script the script
     * @param keys the circuit's keys
     * @param args ARGV
     * @param time stamps the reply's arrival, on the clock of the circuit that uses it
     * @return the reply, or a failed future (never throws)
     */
    CompletableFuture<ScriptReply> submit(RedisScripts script, String[] keys, String[] args, TimeSource time) {
        long sent = time.nanoTime();
        return submitRaw(script, keys, args).thenApply(raw -> ScriptReply.parse(raw, sent, time.nanoTime()));
    }

    /**
     * Starts a script without waiting for it and without parsing its reply, for scripts that answer more than a snapshot.
     *
     * @param script the script
     * @param keys the circuit's keys
     * @param args ARGV
     * @return the raw reply, or a failed future (never throws)
     */
    CompletableFuture<Object> submitRaw(RedisScripts script, String[] keys, String[] args) {
        try {
            RedisScriptingAsyncCommands<String, String> commands = connection.scripting();
            return commands.<Object>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args)
                    .toCompletableFuture()
                    .exceptionallyCompose(failure -> isNoScript(failure)
                            ? commands.<Object>eval(script.source(), ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                            : CompletableFuture.failedFuture(failure));
        } catch (RuntimeException notConnected) {
            return CompletableFuture.failedFuture(notConnected);
        }
    }

    /**
     * Sends a PING, the store's heartbeat.
     *
     * @return the reply, or a failed future (never throws)
     */
    CompletableFuture<String> ping() {
        try {
            return connection.scripting().ping().toCompletableFuture();
        } catch (RuntimeException notConnected) {
            return CompletableFuture.failedFuture(notConnected);
        }
    }

    /**
     * Runs a script and waits for it, at most the command timeout.
     *
     * @param script the script
     * @param keys the circuit's keys
     * @param args ARGV
     * @param time stamps the reply's arrival, on the clock of the circuit that uses it
     * @return the reply
     * @throws StoreUnavailableException when Redis failed or timed out
     * @throws UnreadableReplyException when Redis answered in a form this version cannot read
     */
    ScriptReply call(RedisScripts script, String[] keys, String[] args, TimeSource time) {
        return await(submit(script, keys, args, time), timeout.toNanos());
    }

    /**
     * Waits for a submitted script, at most the command timeout.
     *
     * @param reply the future from {@link #submit}
     * @param maxWaitNanos the longest wait, at most the command timeout
     * @param <T> the parsed reply's type
     * @return the reply
     * @throws StoreUnavailableException when Redis failed or timed out
     * @throws UnreadableReplyException when Redis answered in a form this version cannot read
     */
    <T> T await(CompletableFuture<T> reply, long maxWaitNanos) {
        try {
            return reply.get(Math.max(0, Math.min(maxWaitNanos, timeout.toNanos())), TimeUnit.NANOSECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for Redis", ex);
        } catch (TimeoutException ex) {
            reply.cancel(false);
            throw new StoreUnavailableException("no answer from Redis within " + timeout.toMillis() + " ms", ex);
        } catch (ExecutionException ex) {
            Throwable cause = unwrap(ex);
            if (cause instanceof UnreadableReplyException unreadable) {
                throw unreadable;
            }
            throw new StoreUnavailableException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }

    /**
     * Whether the current thread may wait for Redis: not one of Netty's threads (Lettuce's event loops
     * are), where an outcome of an asynchronous call is often recorded. Waiting there stalls every
     * connection of that loop, and the reply may need that very thread: a certain timeout.
     *
     * @return {@code false} on a Netty thread
     */
    static boolean mayWait() {
        return !(Thread.currentThread() instanceof FastThreadLocalThread);
    }

    /**
     * Returns the command timeout.
     *
     * @return the longest any wait for Redis may take
     */
    Duration timeout() {
        return timeout;
    }

    private static boolean isNoScript(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof RedisNoScriptException
                || (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT"));
    }

    /**
     * Returns the failure a future reported, without the JDK's wrappers.
     *
     * @param failure what a future or stage reported
     * @return its innermost cause for {@link CompletionException} and {@link ExecutionException}
     */
    static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
