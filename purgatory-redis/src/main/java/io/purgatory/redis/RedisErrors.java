package io.purgatory.redis;

import io.lettuce.core.RedisCommandExecutionException;

/**
 * Tells a failure that concerns one circuit from one that concerns the whole store. Stateless; thread-safe.
 *
 * <p>Redis answers a command about one key with an error that no retry of the store would cure: a key of
 * the wrong type (someone wrote it by hand, or another program uses the prefix), a script that fails on
 * what it found there, a key in another slot. Those degrade that circuit only. Everything else (timeouts,
 * lost connections, {@code BUSY}, {@code LOADING}, {@code TRYAGAIN}, {@code CLUSTERDOWN}, {@code OOM},
 * {@code NOPERM}, ...) is about the server, and counts toward degrading the store.
 */
final class RedisErrors {

    private RedisErrors() {
    }

    /**
     * Whether a failure concerns only the circuit whose command failed.
     *
     * @param failure what a command failed with, unwrapped
     * @return {@code true} for an error about the circuit's keys or its script's run on them
     */
    static boolean concernsOneCircuit(Throwable failure) {
        if (!(failure instanceof RedisCommandExecutionException) || failure.getMessage() == null) {
            return false;
        }
        String message = failure.getMessage();
        return message.startsWith("WRONGTYPE") || message.startsWith("CROSSSLOT")
                || (message.startsWith("ERR") && message.contains("script") && !message.contains("NOPERM"));
    }

    /**
     * Whether Redis refused the store's user a command it needs ({@code NOPERM}): the store cannot work
     * until someone changes the ACL, so it degrades at once rather than after several errors.
     *
     * @param failure what a command failed with, unwrapped
     * @return {@code true} for a permission refusal
     */
    static boolean isRefusal(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().contains("NOPERM");
    }
}
