package io.purgatory.autoconfigure.metrics;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
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
     * Whether breakers time calls, so that purgatory.breaker.calls reports call time as well as counts.
     */
    private boolean callDurations = true;

    /**
     * One in how many calls is timed for the purgatory.breaker.calls total time, chosen at random; the
     * total is then estimated as the timed calls' mean times the call count. 1 times every call. Every
     * call is timed anyway while a latency distribution is published or a slow-call condition is set.
     */
    private int callDurationSampling = 16;

    /**
     * Tags added to every Purgatory meter, by tag key.
     */
    private Map<String, String> tags = new LinkedHashMap<>();

    /**
     * Keyed groups (@CircuitBreaker with a key) whose circuits each publish their own meters, tagged
     * name=group[key], instead of the group's aggregate meters. Beware: one set of series per key ever
     * seen, kept by the registry after the key's circuit is evicted.
     */
    private Set<String> perKey = new LinkedHashSet<>();

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

    public int getCallDurationSampling() {
        return callDurationSampling;
    }

    public void setCallDurationSampling(int callDurationSampling) {
        this.callDurationSampling = callDurationSampling;
    }

    public Set<String> getPerKey() {
        return perKey;
    }

    public void setPerKey(Set<String> perKey) {
        this.perKey = perKey;
    }

    public Map<String, String> getTags() {
        return tags;
    }

    public void setTags(Map<String, String> tags) {
        this.tags = tags;
    }
}
