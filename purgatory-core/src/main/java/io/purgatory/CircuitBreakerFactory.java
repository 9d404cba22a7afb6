package io.purgatory;

import io.purgatory.event.CircuitBreakerListener;
import io.purgatory.store.CircuitStore;
import io.purgatory.store.InMemoryCircuitStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates and caches named breakers. Thread-safe.
 *
 * <p>{@link #getBreaker(String)} returns the same breaker for the same name, creating it on first
 * use with the defaults, the name's override if there is one, and then every customizer. A breaker
 * costs a few small objects: no thread, timer or executor.
 *
 * <p>Settings can change at runtime without losing state: {@link #reconfigure(String, CircuitBreakerConfig)},
 * {@link #reconfigureDefaults(CircuitBreakerConfig)} and {@link #reconfigureAll(CircuitBreakerConfig, Map)}.
 *
 * <pre>{@code
 * CircuitBreakerFactory factory = CircuitBreakerFactory.builder()
 *         .defaults(CircuitBreakerConfig.builder().threshold(3).ttl(Duration.ofSeconds(10)).build())
 *         .build();
 * String answer = factory.getBreaker("payments").get(() -> paymentClient.charge(order));
 * }</pre>
 */
public final class CircuitBreakerFactory {

    // Replaced as a whole by the reconfigure methods, under the lock; read without it.
    private volatile CircuitBreakerConfig defaults;
    private volatile Map<String, CircuitBreakerConfig> overrides;
    /** Grows with every reconfiguration: a breaker created meanwhile checks it (see getBreaker). */
    private volatile long generation;
    private final Object reconfiguring = new Object();
    private final List<CircuitBreakerConfigCustomizer> customizers;
    private final CircuitStore store;
    private final TimeSource time;
    private final boolean recordCallDurations;
    private final int callDurationSampling;
    private final EventPublisher events = new EventPublisher();
    private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CircuitBreakerGroup> groups = new ConcurrentHashMap<>();

    /** Creates a factory with Purgatory's defaults, the in-memory store and the system clock. */
    public CircuitBreakerFactory() {
        this(builder());
    }

    private CircuitBreakerFactory(Builder builder) {
        this.defaults = builder.defaults;
        this.overrides = Map.copyOf(builder.overrides);
        this.customizers = List.copyOf(builder.customizers);
        this.store = builder.store;
        this.time = builder.time;
        this.recordCallDurations = builder.recordCallDurations;
        this.callDurationSampling = builder.callDurationSampling;
        builder.listeners.forEach(events::add);
    }

    /**
     * Returns a builder for a factory.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the breaker with this name, creating and registering it on first use.
     *
     * @param name the circuit name: not blank, at most 200 characters, no control characters
     * @return the same breaker for the same name
     * @throws IllegalArgumentException when the name is invalid
     */
    public CircuitBreaker getBreaker(String name) {
        CircuitBreaker existing = name == null ? null : breakers.get(name);
        if (existing != null) {
            return existing;
        }
        CircuitNames.requireValid(name);
        long generationBefore = generation;
        boolean[] created = new boolean[1];
        CircuitBreaker breaker = breakers.computeIfAbsent(name, n -> {
            created[0] = true;
            return new CircuitBreaker(null, new BreakerSettings(n, configFor(n), time, store.type(), callDurationSampling > 1), store, events,
                    recordCallDurations, callDurationSampling);
        });
        if (created[0]) {
            breaker.announce(); // its own events wait for this one
            if (generation != generationBefore) {
                // A reconfiguration ran while this breaker was built from the settings before it, and may
                // not have seen it in the map: give it the settings of now.
                synchronized (reconfiguring) {
                    apply(breaker);
                }
            }
        }
        return breaker;
    }

    /**
     * Replaces one breaker's settings at runtime, keeping its state, and keeps them for the name: the
     * breaker if it exists now, or when it is created later. The customizers run again on the new
     * settings, as at creation (annotation excludes stay). One {@link io.purgatory.event.ConfigChanged}
     * is published when the breaker's settings change.
     *
     * <p>What the breaker keeps: its consecutive-failure count (a new threshold at or below it opens the
     * circuit on the next counted failure), an open period in progress with its deadline (the new ttl
     * applies from the next opening), the trials in flight with their deadlines (a smaller
     * {@code halfOpenCalls} admits no new trial until fewer run; a half-open round whose successes
     * already reach the new {@code halfOpenSuccesses} closes at once), a forced state, its call
     * statistics, and the sliding window's calls while the window keeps its type and size or duration
     * ({@link RateWindow#hasSameShape}); a window of another shape starts empty.
     *
     * @param name the circuit name
     * @param config its new settings
     * @return {@code true} when an existing breaker's settings changed, or those of the keyed group of that
     *     name (every circuit of the group is reconfigured the same way, and keys created later get the new settings)
     * @throws IllegalArgumentException when the name is invalid
     */
    public boolean reconfigure(String name, CircuitBreakerConfig config) {
        CircuitNames.requireValid(name);
        Objects.requireNonNull(config, "config");
        synchronized (reconfiguring) {
            Map<String, CircuitBreakerConfig> next = new HashMap<>(overrides);
            next.put(name, config);
            overrides = Map.copyOf(next);
            generation++;
            CircuitBreaker breaker = breakers.get(name);
            boolean changed = breaker != null && apply(breaker);
            CircuitBreakerGroup group = groups.get(name);
            return (group != null && apply(group)) || changed;
        }
    }

    /**
     * Replaces the defaults at runtime: every breaker without an override of its own takes them, keeping
     * its state as {@link #reconfigure(String, CircuitBreakerConfig)} describes.
     *
     * @param defaults the new default settings
     * @return the names of the breakers and keyed groups whose settings changed, sorted
     */
    public List<String> reconfigureDefaults(CircuitBreakerConfig defaults) {
        Objects.requireNonNull(defaults, "defaults");
        synchronized (reconfiguring) {
            return reconfigureAll(defaults, overrides);
        }
    }

    /**
     * Replaces the defaults and every override at once, as a reloaded configuration file does: names
     * that lose their override fall back to the defaults (their breakers stay), names that gain one get
     * it, and every existing breaker whose resulting settings differ is reconfigured, keeping its state
     * as {@link #reconfigure(String, CircuitBreakerConfig)} describes. No breaker is created or removed.
     *
     * @param defaults the new default settings
     * @param overrides the new per-name settings, replacing all previous ones
     * @return the names of the breakers and keyed groups whose settings changed, sorted
     * @throws IllegalArgumentException when a name is invalid (nothing is changed then)
     */
    public List<String> reconfigureAll(CircuitBreakerConfig defaults, Map<String, CircuitBreakerConfig> overrides) {
        Objects.requireNonNull(defaults, "defaults");
        overrides.forEach((name, config) -> {
            CircuitNames.requireValid(name);
            Objects.requireNonNull(config, "config");
        });
        Map<String, CircuitBreakerConfig> copy = Map.copyOf(overrides);
        synchronized (reconfiguring) {
            this.defaults = defaults;
            this.overrides = copy;
            generation++;
            List<String> changed = new ArrayList<>();
            for (CircuitBreaker breaker : getBreakers()) {
                if (apply(breaker)) {
                    changed.add(breaker.getName());
                }
            }
            for (CircuitBreakerGroup group : getGroups()) {
                if (apply(group) && !changed.contains(group.getName())) {
                    changed.add(group.getName());
                }
            }
            changed.sort(null);
            return Collections.unmodifiableList(changed);
        }
    }

    /** Gives a group and its keyed circuits the settings its name has now; called under the reconfiguration lock. */
    private boolean apply(CircuitBreakerGroup group) {
        return group.reconfigure(configFor(group.getName()), recordCallDurations, callDurationSampling);
    }

    /** Gives a breaker the settings its name has now; called under the reconfiguration lock. */
    private boolean apply(CircuitBreaker breaker) {
        return breaker.reconfigure(configFor(breaker.getName()), recordCallDurations, callDurationSampling);
    }

    /**
     * Returns the breaker with this name if it exists, without creating it.
     *
     * @param name the circuit name
     * @return the breaker, or empty when no breaker has this name yet
     */
    public Optional<CircuitBreaker> findBreaker(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(breakers.get(name));
    }

    /**
     * Returns every breaker created so far, sorted by name; keyed circuits belong to their group
     * ({@link #getGroups()}) and are not listed here.
     *
     * @return an immutable list
     */
    public List<CircuitBreaker> getBreakers() {
        List<CircuitBreaker> all = new ArrayList<>(breakers.values());
        all.sort((a, b) -> a.getName().compareTo(b.getName()));
        return Collections.unmodifiableList(all);
    }

    /**
     * Returns the group of keyed circuits with this name, creating it on first use: each key gets its own
     * circuit, configured like a breaker of the group's name (defaults, the name's override, customizers).
     *
     * @param name the group name: a valid circuit name
     * @return the same group for the same name
     * @throws IllegalArgumentException when the name is invalid
     */
    public CircuitBreakerGroup getGroup(String name) {
        CircuitBreakerGroup existing = name == null ? null : groups.get(name);
        if (existing != null) {
            return existing;
        }
        CircuitNames.requireValid(name);
        return groups.computeIfAbsent(name, n -> {
            // Computed once per group and again on reconfiguration: every key shares it.
            BreakerSettings settings = new BreakerSettings(n, configFor(n), time, store.type(), callDurationSampling > 1);
            return new CircuitBreakerGroup(settings,
                    key -> new CircuitBreaker(key, settings, store, events, recordCallDurations, callDurationSampling),
                    () -> getBreaker(n));
        });
    }

    /**
     * Returns the circuit of {@code key} in the group {@code group}: {@code getGroup(group).breaker(key)}.
     * Hold on to the group to save a lookup per call.
     *
     * @param group the group name
     * @param key the key; {@code null} gets the group's shared circuit
     * @return the key's circuit (see {@link CircuitBreakerGroup#breaker(String)})
     */
    public CircuitBreaker getBreaker(String group, String key) {
        return getGroup(group).breaker(key);
    }

    /**
     * Returns the group with this name if it exists, without creating it.
     *
     * @param name the group name
     * @return the group, or empty
     */
    public Optional<CircuitBreakerGroup> findGroup(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(groups.get(name));
    }

    /**
     * Returns every group created so far, sorted by name.
     *
     * @return an immutable list
     */
    public List<CircuitBreakerGroup> getGroups() {
        List<CircuitBreakerGroup> all = new ArrayList<>(groups.values());
        all.sort((a, b) -> a.getName().compareTo(b.getName()));
        return Collections.unmodifiableList(all);
    }

    /**
     * Returns the names that have an override now, whether or not their breaker exists yet.
     *
     * @return the configured names
     */
    public Collection<String> getConfiguredNames() {
        return overrides.keySet();
    }

    /**
     * Returns the settings a breaker of this name gets at creation, or takes at the next reconfiguration.
     *
     * @param name the circuit name
     * @return the name's override or else the defaults, then every customizer
     */
    public CircuitBreakerConfig configFor(String name) {
        CircuitBreakerConfig base = overrides.getOrDefault(name, defaults);
        if (customizers.isEmpty()) {
            return base;
        }
        CircuitBreakerConfig.Builder builder = base.toBuilder();
        customizers.forEach(customizer -> customizer.customize(name, builder));
        return builder.build();
    }

    /**
     * Returns the settings of breakers that have no override, as they are now.
     *
     * @return the default configuration
     */
    public CircuitBreakerConfig getDefaults() {
        return defaults;
    }

    /**
     * Returns the store that holds the state of this factory's breakers.
     *
     * @return the store
     */
    public CircuitStore getStore() {
        return store;
    }

    /**
     * Adds a listener for the events of every breaker of this factory, present and future.
     *
     * @param listener the listener
     */
    public void addListener(CircuitBreakerListener listener) {
        events.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes one registration of a listener.
     *
     * @param listener the listener
     * @return {@code true} when it was registered
     */
    public boolean removeListener(CircuitBreakerListener listener) {
        return events.remove(listener);
    }

    /**
     * Returns how many times a listener threw while handling an event.
     *
     * @return the count since the factory was created
     */
    public long getListenerFailures() {
        return events.failures();
    }

    /** Builds a {@link CircuitBreakerFactory}; not thread-safe. */
    public static final class Builder {
        private CircuitBreakerConfig defaults = CircuitBreakerConfig.defaults();
        private final Map<String, CircuitBreakerConfig> overrides = new HashMap<>();
        private final List<CircuitBreakerConfigCustomizer> customizers = new ArrayList<>();
        private final List<CircuitBreakerListener> listeners = new ArrayList<>();
        private CircuitStore store = new InMemoryCircuitStore();
        private TimeSource time = TimeSource.system();
        private boolean recordCallDurations;
        private int callDurationSampling = 1;

        private Builder() {
        }

        /**
         * Sets whether breakers time every call, so that {@link CallStatistics#totalNanos} (and the
         * call-time meters built on it) report durations. Off by default: timing costs two clock reads
         * per call, which is most of what a healthy call through a breaker costs. Breakers with a
         * slow-call condition always time their calls.
         *
         * @param record whether to time every call
         * @return this builder
         */
        public Builder recordCallDurations(boolean record) {
            this.recordCallDurations = record;
            return this;
        }

        /**
         * Sets how many calls share one timing when calls are timed only for their totals: each call
         * reads the clock with probability {@code 1/oneIn}, and {@link CallStatistics#totalNanos}
         * becomes an estimate (the mean duration of the timed calls times the number of calls), which
         * saves most of the two clock reads per call. Calls are still timed one by one, and totals are
         * exact, while a breaker has a slow-call condition or a listener that receives
         * {@link io.purgatory.event.CallFinished} (such as a latency histogram). Default 1: every call.
         *
         * @param oneIn 1 to time every call, or the sampling period, at least 1
         * @return this builder
         */
        public Builder callDurationSampling(int oneIn) {
            if (oneIn < 1) {
                throw new IllegalArgumentException("callDurationSampling must be at least 1, was " + oneIn);
            }
            this.callDurationSampling = oneIn;
            return this;
        }

        /**
         * Sets the settings of breakers that have no override.
         *
         * @param defaults the default configuration
         * @return this builder
         */
        public Builder defaults(CircuitBreakerConfig defaults) {
            this.defaults = Objects.requireNonNull(defaults, "defaults");
            return this;
        }

        /**
         * Sets the settings of one breaker, replacing the defaults for that name.
         *
         * @param name the circuit name
         * @param config its configuration
         * @return this builder
         */
        public Builder breaker(String name, CircuitBreakerConfig config) {
            overrides.put(CircuitNames.requireValid(name), Objects.requireNonNull(config, "config"));
            return this;
        }

        /**
         * Adds a customizer applied to every breaker at creation, after defaults and overrides.
         *
         * @param customizer the customizer
         * @return this builder
         */
        public Builder customizer(CircuitBreakerConfigCustomizer customizer) {
            customizers.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(CircuitBreakerListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Sets where circuit state lives; the in-memory store by default.
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(CircuitStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Sets the clock; the system clock by default. Tests pass a fake one.
         *
         * @param time the time source
         * @return this builder
         */
        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "timeSource");
            return this;
        }

        /**
         * Builds the factory.
         *
         * @return a new factory with no breaker yet
         */
        public CircuitBreakerFactory build() {
            return new CircuitBreakerFactory(this);
        }
    }
}
