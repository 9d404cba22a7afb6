package io.purgatory.redis.testing;

/**
 * An error reply ({@code -ERR ...}, {@code -CROSSSLOT ...}) from Redis to a harness command; immutable and thread-safe.
 */
public class RedisReplyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RedisReplyException(String message) {
        super(message);
    }

}
