package io.purgatory.autoconfigure;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One breaker's settings after a per-breaker override was merged over the defaults, still as
 * configured (unvalidated), for every {@link BreakerSetting}. Immutable; thread-safe.
 *
 * <p>{@code exclude} is the one setting that is not replaced but added to: {@link #get} gives the
 * breaker's own list (or the defaults' for the defaults themselves) and {@link #inheritedExclude()}
 * the defaults' list, checked after the breaker's own.
 */
final class BreakerSettings {

    private final Map<BreakerSetting<?>, Object> values;
    private final List<String> inheritedExclude;

    private BreakerSettings(Map<BreakerSetting<?>, Object> values, List<String> inheritedExclude) {
        this.values = values;
        this.inheritedExclude = inheritedExclude;
    }

    static BreakerSettings of(PurgatoryProperties.Defaults defaults) {
        Map<BreakerSetting<?>, Object> values = new IdentityHashMap<>();
        BreakerSetting.ALL.forEach(setting -> values.put(setting, setting.defaultValue(defaults)));
        return new BreakerSettings(values, List.of());
    }

    /** Merges an override over these settings; its own exclude list is checked before the inherited one. */
    BreakerSettings with(PurgatoryProperties.Breaker override) {
        Map<BreakerSetting<?>, Object> merged = new IdentityHashMap<>();
        BreakerSetting.ALL.forEach(setting -> {
            Object own = setting.overrideValue(override);
            merged.put(setting, own != null ? own : values.get(setting));
        });
        merged.put(BreakerSetting.EXCLUDE, override.getExclude() != null ? override.getExclude() : List.of());
        return new BreakerSettings(merged, get(BreakerSetting.EXCLUDE));
    }

    @SuppressWarnings("unchecked")
    <T> T get(BreakerSetting<T> setting) {
        return (T) values.get(setting);
    }

    List<String> inheritedExclude() {
        return inheritedExclude;
    }

    boolean hasRateCondition() {
        return get(BreakerSetting.FAILURE_RATE_THRESHOLD) != null || get(BreakerSetting.SLOW_CALL_RATE_THRESHOLD) != null;
    }
}
