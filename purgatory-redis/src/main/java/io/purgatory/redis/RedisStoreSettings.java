package io.purgatory.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * The validated settings of a {@link RedisCircuitStore}. Immutable; thread-safe.
 *
 * @param keyPrefix first part of every key and of the nudge channel; no braces, no whitespace
 * @param commandTimeout the longest a caller waits for Redis before the breaker decides locally
 * @param connectTimeout the longest a (background) connection attempt may take
 * @param refreshInterval how often the cached state of active circuits is re-read and their window counts flushed
 * @param leaseDuration how long a trial permit stays valid when its holder never reports
 * @param keyTtl how long an untouched circuit's keys live (at least four times the longest open period is kept);
 *     a forced state never expires
 * @param activeWindow how long after its last call a circuit still counts as active and is refreshed
 * @param maxRetryInterval the longest pause between reconnection attempts while Redis is unavailable
 */
public record RedisStoreSettings(
        String keyPrefix,
        Duration commandTimeout,
        Duration connectTimeout,
        Duration refreshInterval,
        Duration leaseDuration,
        Duration keyTtl,
        Duration activeWindow,
        Duration maxRetryInterval) {

    /** Validates every setting; a violation names the setting and the rejected value. */
    public RedisStoreSettings {
        Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
        require(!keyPrefix.isEmpty() && keyPrefix.chars().noneMatch(RedisStoreSettings::unsafeInKey),
                "keyPrefix", keyPrefix, "must be non-empty without braces, whitespace or control characters");
        positive("commandTimeout", commandTimeout);
        positive("connectTimeout", connectTimeout);
        positive("refreshInterval", refreshInterval);
        positive("leaseDuration", leaseDuration);
        positive("keyTtl", keyTtl);
        positive("activeWindow", activeWindow);
        positive("maxRetryInterval", maxRetryInterval);
    }

    /**
     * Returns the defaults: prefix {@code purgatory}, 250 ms command timeout, 1 s connect timeout,
     * 200 ms refresh, 10 s leases, 1 h key TTL, 1 min activity window, 5 s longest retry pause.
     *
     * @return the default settings
     */
    public static RedisStoreSettings defaults() {
        return new RedisStoreSettings("purgatory", Duration.ofMillis(250), Duration.ofSeconds(1),
                Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofMinutes(1),
                Duration.ofSeconds(5));
    }

    /** A brace would break the cluster hash tag; whitespace and control characters make keys unreadable. */
    private static boolean unsafeInKey(int c) {
        return c == '{' || c == '}' || Character.isWhitespace(c) || Character.isISOControl(c);
    }

    private static void positive(String field, Duration value) {
        Objects.requireNonNull(value, field + " must not be null");
        require(!value.isNegative() && !value.isZero(), field, value, "must be positive");
    }

    private static void require(boolean valid, String field, Object value, String rule) {
        if (!valid) {
            throw new IllegalArgumentException(field + " " + rule + ", but was " + value);
        }
    }
}
