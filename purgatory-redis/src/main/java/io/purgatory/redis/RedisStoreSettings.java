package io.purgatory.redis;

import java.time.Duration;
import java.util.Objects;

/**
 * The validated settings of a {@link RedisCircuitStore}. Immutable; thread-safe.
 *
 * @param keyPrefix first part of every key and of the nudge channel; no braces, no whitespace
 * @param commandTimeout the longest a caller waits for Redis before the breaker decides locally
 * @param connectTimeout the longest a (background) connection attempt may take
 * @param refreshInterval how often counts not yet sent are flushed (one script per circuit with news), the
 *     connection is checked, and trial leases in use are renewed; also the first retry pause
 * @param leaseDuration how long a trial permit stays valid when its holder never reports
 * @param keyTtl how long an untouched circuit's keys live (at least four times the longest open period is kept);
 *     a forced state never expires
 * @param activeWindow how long after its last call a circuit still counts as active and is re-read every
 *     {@code resyncInterval}
 * @param maxRetryInterval the longest pause between reconnection attempts while Redis is unavailable
 * @param resyncInterval how long an active circuit may go without any reply from Redis before it is re-read, in
 *     case a pub/sub nudge was lost (changes normally arrive by nudge, at once); checked by a scan of every circuit
 *     a tenth of it apart (at least one refresh interval), so a re-read comes up to a tenth later
 * @param degradeAfterErrors failed commands in a row after which the store (or, for its own commands, one
 *     circuit) decides locally; an error about one circuit's keys degrades that circuit at once
 */
public record RedisStoreSettings(
        String keyPrefix,
        Duration commandTimeout,
        Duration connectTimeout,
        Duration refreshInterval,
        Duration leaseDuration,
        Duration keyTtl,
        Duration activeWindow,
        Duration maxRetryInterval,
        Duration resyncInterval,
        int degradeAfterErrors) {

    /** Default of {@link #resyncInterval()}. */
    public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofMinutes(10);

    /** Default of {@link #degradeAfterErrors()}. */
    public static final int DEFAULT_DEGRADE_AFTER_ERRORS = 3;

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
        positive("resyncInterval", resyncInterval);
        require(degradeAfterErrors >= 1, "degradeAfterErrors", degradeAfterErrors, "must be at least 1");
    }

    /**
     * Settings with the default {@link #resyncInterval()} and {@link #degradeAfterErrors()}.
     *
     * @param keyPrefix first part of every key and of the nudge channel
     * @param commandTimeout the longest a caller waits for Redis
     * @param connectTimeout the longest a (background) connection attempt may take
     * @param refreshInterval how often news is flushed and the connection checked
     * @param leaseDuration how long a trial permit stays valid when its holder never reports
     * @param keyTtl how long an untouched circuit's keys live
     * @param activeWindow how long after its last call a circuit is re-read in the background
     * @param maxRetryInterval the longest pause between reconnection attempts
     */
    public RedisStoreSettings(String keyPrefix, Duration commandTimeout, Duration connectTimeout,
            Duration refreshInterval, Duration leaseDuration, Duration keyTtl, Duration activeWindow,
            Duration maxRetryInterval) {
        this(keyPrefix, commandTimeout, connectTimeout, refreshInterval, leaseDuration, keyTtl, activeWindow,
                maxRetryInterval, DEFAULT_RESYNC_INTERVAL, DEFAULT_DEGRADE_AFTER_ERRORS);
    }

    /**
     * Returns the defaults: prefix {@code purgatory}, 250 ms command timeout, 1 s connect timeout,
     * 200 ms refresh, 10 s leases, 1 h key TTL, 1 min activity window, 5 s longest retry pause,
     * 10 min resync, degraded after 3 failed commands in a row.
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
