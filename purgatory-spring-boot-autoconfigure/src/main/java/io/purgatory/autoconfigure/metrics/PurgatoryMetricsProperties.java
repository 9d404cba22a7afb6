package io.purgatory.autoconfigure.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Binds the {@code purgatory.metrics.*} configuration. Not thread-safe (bound once at start-up).
 */
@ConfigurationProperties("purgatory.metrics")
public class PurgatoryMetricsProperties {

    /**
     * Whether to publish the purgatory.breaker.* and purgatory.store.* meters.
     */
    private boolean enabled = true;

    /**
     * Whether breakers time every call, so that purgatory.breaker.calls reports call time as well as
     * counts. Timing costs two clock reads per call.
     */
    private boolean callDurations = true;

    /**
     * Tags added to every Purgatory meter, by tag key.
     */
    private Map<String, String> tags = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isCallDurations() {
        return callDurations;
    }

    public void setCallDurations(boolean callDurations) {
        this.callDurations = callDurations;
    }

    public Map<String, String> getTags() {
        return tags;
    }

    public void setTags(Map<String, String> tags) {
        this.tags = tags;
    }
}
