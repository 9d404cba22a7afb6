package io.purgatory.autoconfigure.health;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Binds the {@code management.health.purgatory.*} configuration. Not thread-safe (bound once at start-up).
 */
@ConfigurationProperties("management.health.purgatory")
public class PurgatoryHealthProperties {

    /**
     * Whether to add a 'purgatory' health component with one entry per circuit breaker.
     */
    private boolean enabled = false;

    /**
     * Health status of a breaker that rejects calls (OPEN while its open period runs, or FORCED_OPEN).
     */
    private OpenCircuitStatus openStatus = OpenCircuitStatus.UP;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public OpenCircuitStatus getOpenStatus() {
        return openStatus;
    }

    public void setOpenStatus(OpenCircuitStatus openStatus) {
        this.openStatus = openStatus;
    }
}
