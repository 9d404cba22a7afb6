package io.purgatory.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.purgatory.CallOutcome;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitBreakerGroup;
import io.purgatory.event.BreakerCreated;
import io.purgatory.event.CallFinished;
import io.purgatory.event.CallRejected;
import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.CircuitBreakerListener;
import io.purgatory.event.ConfigChanged;
import io.purgatory.event.StateChanged;
import io.purgatory.event.StoreDegraded;
import io.purgatory.event.TransitionCause;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Binds the {@code purgatory.breaker.*} and {@code purgatory.store.*} meters of every breaker of a
 * factory, including breakers created after binding. Thread-safe.
 *
 * <p>Call counts, durations, states and failure counts are read from the breakers when a registry
 * publishes, so the call path does no metrics work. Transitions and store outages are rare and are
 * counted by a factory listener that this binder adds on its first {@link #bindTo(MeterRegistry)};
 * a transition counts on the instance that made it, not on those that adopt it from a shared store.
 *
 * <p>A latency histogram or percentiles need every call's duration, not only totals. For each breaker
 * and registry the binder asks the registry, once it binds, whether its filters give
 * {@code purgatory.breaker.calls} (with its real {@code name} and {@code outcome} tags) a distribution
 * (see {@link CallLatencyDistribution}); if so, that breaker's calls timers are fed from per-call
 * events, which costs each call of the factory one event and one timer update.
 *
 * <p><b>Keyed groups.</b> A group of keyed circuits publishes aggregate meters tagged {@code name=<group>}
 * (see {@link GroupMeters}): a fixed number of series however many keys it holds. A group listed in
 * {@code perKeyGroups} instead publishes every keyed circuit's own meters, tagged {@code name=group[key]}:
 * one set of series per key ever seen, which a registry keeps after the key's circuit is evicted.
 */
public class PurgatoryMeterBinder implements MeterBinder {

    private final CircuitBreakerFactory factory;
    private final Tags tags;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final boolean recordCalls;
    private final ConcurrentMap<String, BreakerEventCounts> counts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CallTimers> callTimers = new ConcurrentHashMap<>();
    private final AtomicBoolean listening = new AtomicBoolean();
    private final AtomicBoolean recording = new AtomicBoolean();
    private final Set<String> perKeyGroups;
    private final Set<String> boundGroups = ConcurrentHashMap.newKeySet();

    /**
     * Creates a binder.
     *
     * @param factory the factory whose breakers are measured
     * @param tags tags added to every meter, next to {@code name}
     */
    public PurgatoryMeterBinder(CircuitBreakerFactory factory, Iterable<Tag> tags) {
        this(factory, tags, false);
    }

    /**
     * Creates a binder.
     *
     * @param factory the factory whose breakers are measured
     * @param tags tags added to every meter, next to {@code name}
     * @param recordCalls whether {@code purgatory.breaker.calls} is always a timer recorded on every
     *     call; {@code false} records calls only for the breakers whose timers a registry gives a
     *     distribution, and reads the others' call totals lazily, at no cost to the call path
     */
    public PurgatoryMeterBinder(CircuitBreakerFactory factory, Iterable<Tag> tags, boolean recordCalls) {
        this(factory, tags, recordCalls, Set.of());
    }

    /**
     * Creates a binder.
     *
     * @param factory the factory whose breakers are measured
     * @param tags tags added to every meter, next to {@code name}
     * @param recordCalls see {@link #PurgatoryMeterBinder(CircuitBreakerFactory, Iterable, boolean)}
     * @param perKeyGroups the keyed groups whose circuits get meters of their own, one set per key, instead
     *     of the group's aggregate meters
     */
    public PurgatoryMeterBinder(CircuitBreakerFactory factory, Iterable<Tag> tags, boolean recordCalls,
            Set<String> perKeyGroups) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.tags = Tags.of(tags);
        this.recordCalls = recordCalls;
        this.perKeyGroups = Set.copyOf(perKeyGroups);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
        if (listening.compareAndSet(false, true)) {
            // Added before the breakers are listed, so a breaker created meanwhile is bound twice
            // (harmless) rather than never.
            factory.addListener(new Listener());
        }
        factory.getBreakers().forEach(breaker -> bind(breaker, registry));
        factory.getGroups().forEach(group -> {
            if (perKeyGroups.contains(group.getName())) {
                group.getBreakers().forEach(breaker -> bind(breaker, registry));
            } else {
                boundGroups.add(group.getName());
                bindGroup(group, registry);
            }
        });
    }

    /** The {@code name} tag of an event's meters: its group for a keyed circuit measured in aggregate. */
    private String meterName(CircuitBreakerEvent event) {
        return event.key() != null && !perKeyGroups.contains(event.group()) ? event.group() : event.circuitName();
    }

    private synchronized void bindGroup(CircuitBreakerGroup group, MeterRegistry registry) {
        Tags groupTags = BreakerMeters.breakerTags(tags, group.getName());
        GroupMeters.bind(group, factory, countsOf(group.getName()), groupTags, registry);
        if (GroupMeters.hasCalls(groupTags, registry)) {
            return; // its shared circuit's: recorded timers take keyed calls too, function timers add the group's totals
        }
        Timer[] timers = BreakerMeters.callTimers(groupTags, registry);
        if (recordCalls || CallLatencyDistribution.isPublished(timers)) {
            callTimersOf(group.getName()).add(timers);
            if (recording.compareAndSet(false, true)) {
                factory.addListener(new CallRecorder());
            }
        } else {
            CallLatencyDistribution.withdraw(timers, registry);
            GroupMeters.bindCallTotals(group, factory, groupTags, registry);
        }
    }

    private void bind(CircuitBreaker breaker, MeterRegistry registry) {
        String name = breaker.getName();
        BreakerMeters.bind(breaker, countsOf(name), tags, registry, groupTotals(name));
        bindCalls(breaker, BreakerMeters.breakerTags(tags, name), registry);
    }

    /**
     * Registers the calls timers and keeps them when they are to be recorded, or else replaces them
     * with function timers over the breaker's totals. Synchronized: a breaker bound from two threads
     * at once (listing and creation event) must not see the other's timers between the two steps.
     */
    private synchronized void bindCalls(CircuitBreaker breaker, Tags breakerTags, MeterRegistry registry) {
        if (!registry.find(BreakerMeters.CALLS).tags(breakerTags).functionTimers().isEmpty()) {
            return; // bound before, reading totals
        }
        Timer[] timers = BreakerMeters.callTimers(breakerTags, registry);
        if (recordCalls || CallLatencyDistribution.isPublished(timers)) {
            callTimersOf(breaker.getName()).add(timers);
            if (recording.compareAndSet(false, true)) {
                factory.addListener(new CallRecorder());
            }
        } else {
            CallLatencyDistribution.withdraw(timers, registry);
            BreakerMeters.bindCallTotals(breaker, breakerTags, registry, groupTotals(breaker.getName()));
        }
    }

    private GroupTotals groupTotals(String name) {
        return new GroupTotals(factory, name, perKeyGroups);
    }

    private BreakerEventCounts countsOf(String name) {
        return counts.computeIfAbsent(name, n -> new BreakerEventCounts());
    }

    private CallTimers callTimersOf(String name) {
        return callTimers.computeIfAbsent(name, n -> new CallTimers());
    }

    /**
     * Binds new breakers and counts rare events. Takes no per-call events: meters read call totals
     * lazily, and per-call events would only cost the call path an allocation.
     */
    private final class Listener implements CircuitBreakerListener {

        @Override
        public boolean receivesCallEvents() {
            return false;
        }

        @Override
        public void onEvent(CircuitBreakerEvent event) {
            if (event instanceof BreakerCreated created && created.key() != null) {
                keyedCircuitCreated(created);
            } else if (event instanceof BreakerCreated created) {
                factory.findBreaker(created.circuitName())
                        .ifPresent(breaker -> registries.forEach(registry -> bind(breaker, registry)));
            } else if (event instanceof StateChanged changed) {
                // With a shared store every instance adopts another's change as SHARED_STATE; counting
                // only the instance that made it keeps a sum over the fleet at one per transition.
                if (changed.cause() != TransitionCause.SHARED_STATE) {
                    countTransition(changed);
                }
            } else if (event instanceof StoreDegraded degraded) {
                countsOf(meterName(degraded)).storeDegraded();
            } else if (event instanceof ConfigChanged changed && changed.current().window().enabled()
                    && !changed.previous().window().enabled()) {
                // A rate condition added at runtime: its window meters appear as they would have at creation.
                Tags breakerTags = BreakerMeters.breakerTags(tags, changed.circuitName());
                factory.findBreaker(changed.circuitName()).ifPresent(breaker -> registries.forEach(
                        registry -> BreakerMeters.bindWindow(breaker, breakerTags, registry)));
            }
        }

        private void keyedCircuitCreated(BreakerCreated created) {
            factory.findGroup(created.group()).ifPresent(group -> {
                if (perKeyGroups.contains(group.getName())) {
                    group.findBreaker(created.key())
                            .ifPresent(breaker -> registries.forEach(registry -> bind(breaker, registry)));
                } else if (boundGroups.add(group.getName())) {
                    registries.forEach(registry -> bindGroup(group, registry));
                }
            });
        }

        private void countTransition(StateChanged changed) {
            String name = meterName(changed);
            BreakerEventCounts breakerCounts = countsOf(name);
            long count = breakerCounts.transitioned(changed.from(), changed.to());
            if (count == 1 && !BreakerMeters.isAutomatic(changed.from(), changed.to())) {
                Tags breakerTags = BreakerMeters.breakerTags(tags, name);
                registries.forEach(registry -> BreakerMeters.bindTransition(breakerCounts, breakerTags,
                        changed.from(), changed.to(), registry));
            }
        }

    }

    /** Times each call into the recorded timers; added only once a breaker's timers are recorded. */
    private final class CallRecorder implements CircuitBreakerListener {

        @Override
        public boolean receivesCallEvents() {
            return true;
        }

        @Override
        public boolean receivesCallFinished() {
            return true;
        }

        @Override
        public void onEvent(CircuitBreakerEvent event) {
            if (event instanceof CallFinished finished) {
                record(meterName(finished), finished.outcome(), finished.durationNanos());
            } else if (event instanceof CallRejected rejected) {
                // Rejected calls do not run: recorded with no duration, as the call totals count them.
                record(meterName(rejected), CallOutcome.REJECTED, 0L);
            }
        }

        private void record(String name, CallOutcome outcome, long durationNanos) {
            CallTimers timers = callTimers.get(name);
            if (timers != null) { // null for breakers whose calls no registry records
                timers.record(outcome, durationNanos);
            }
        }
    }
}
