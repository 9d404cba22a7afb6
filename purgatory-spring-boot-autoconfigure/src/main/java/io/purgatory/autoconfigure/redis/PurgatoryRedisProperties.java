package io.purgatory.autoconfigure.redis;

import io.purgatory.redis.RedisStoreSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Binds {@code purgatory.store.redis.*}, the tuning of the Redis store. Only binds:
 * {@link #toSettings(String)} validates. Not thread-safe (bound once at start-up).
 */
@ConfigurationProperties("purgatory.store.redis")
public class PurgatoryRedisProperties {

    /**
     * First part of every Redis key and of the pub/sub channel; instances share state when they use the same prefix.
     * Defaults to 'purgatory:' followed by spring.application.name, or 'purgatory' for an application without a name.
     */
    private String keyPrefix;

    /**
     * Longest time a call waits for Redis before the breaker decides locally; independent of spring.data.redis.timeout.
     */
    private Duration commandTimeout = Duration.ofMillis(250);

    /**
     * Longest time one connection attempt to Redis may take; attempts run in the background, never on a caller's thread.
     */
    private Duration connectTimeout = Duration.ofSeconds(1);

    /**
     * How often each instance sends the failure counts and sliding-window counts its circuits gathered (one script per
     * circuit with news), checks its connection and renews the leases of running trials.
     */
    private Duration refreshInterval = Duration.ofMillis(200);

    /**
     * How long a half-open trial permit stays valid when its holder never reports; then another instance may try.
     */
    private Duration leaseDuration = Duration.ofSeconds(10);

    /**
     * How long the keys of an unused circuit live; extended to four times the longest open period when that is longer. A
     * forced state (FORCED_OPEN, DISABLED) never expires.
     */
    private Duration keyTtl = Duration.ofHours(1);

    /**
     * How long after its last call a circuit is still re-read in the background when no news came for resync-interval.
     */
    private Duration activeWindow = Duration.ofMinutes(1);

    /**
     * Longest pause between reconnection attempts while Redis is unavailable.
     */
    private Duration maxRetryInterval = Duration.ofSeconds(5);

    /**
     * How long a circuit in use may go without any reply from Redis before it is re-read, in case a pub/sub nudge was
     * lost; changes normally arrive at once by nudge. Checked a tenth of it apart, so a re-read may come up to a tenth
     * later. Without channel rights the store polls every refresh-interval.
     */
    private Duration resyncInterval = RedisStoreSettings.DEFAULT_RESYNC_INTERVAL;

    /**
     * Failed Redis commands in a row after which the store (or, for its own commands, one circuit) decides locally. An
     * error about one circuit's keys (WRONGTYPE) degrades that circuit at once; a refused permission the store at once.
     */
    private int degradeAfterErrors = RedisStoreSettings.DEFAULT_DEGRADE_AFTER_ERRORS;

    /**
     * Validates the bound values.
     *
     * @param applicationName {@code spring.application.name}, which the default key prefix includes; may be null
     * @return the store settings
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public RedisStoreSettings toSettings(String applicationName) {
        try {
            return new RedisStoreSettings(KeyPrefixes.resolve(keyPrefix, applicationName), commandTimeout, connectTimeout,
                    refreshInterval, leaseDuration, keyTtl, activeWindow, maxRetryInterval, resyncInterval,
                    degradeAfterErrors);
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(propertyNamed(invalid.getMessage())); // the message says it all
        }
    }

    /** Turns "degradeAfterErrors must ..." into "purgatory.store.redis.degrade-after-errors must ...". */
    private static String propertyNamed(String message) {
        int space = message.indexOf(' ');
        String field = space < 0 ? message : message.substring(0, space);
        String kebab = field.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        return "purgatory.store.redis." + kebab + (space < 0 ? "" : message.substring(space));
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public Duration getCommandTimeout() {
        return commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
    }

    public Duration getLeaseDuration() {
        return leaseDuration;
    }

    public void setLeaseDuration(Duration leaseDuration) {
        this.leaseDuration = leaseDuration;
    }

    public Duration getKeyTtl() {
        return keyTtl;
    }

    public void setKeyTtl(Duration keyTtl) {
        this.keyTtl = keyTtl;
    }

    public Duration getActiveWindow() {
        return activeWindow;
    }

    public void setActiveWindow(Duration activeWindow) {
        this.activeWindow = activeWindow;
    }

    public Duration getMaxRetryInterval() {
        return maxRetryInterval;
    }

    public void setMaxRetryInterval(Duration maxRetryInterval) {
        this.maxRetryInterval = maxRetryInterval;
    }

    public Duration getResyncInterval() {
        return resyncInterval;
    }

    public void setResyncInterval(Duration resyncInterval) {
        this.resyncInterval = resyncInterval;
    }

    public int getDegradeAfterErrors() {
        return degradeAfterErrors;
    }

    public void setDegradeAfterErrors(int degradeAfterErrors) {
        this.degradeAfterErrors = degradeAfterErrors;
    }
}
