package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Model-based test of a group of keyed circuits: random calls on a few keys, clock moves and sweeps run
 * against the real group and against a naive model of SPEC §2 per key plus the eviction rules. The model
 * knows each key's exact last use; the group only approximates recency, so the model checks what the group
 * may do rather than one exact choice: a circuit it evicts was evictable (CLOSED, or OPEN past its open
 * period) and either idle for the idle timeout or pushed out of a full group; it never holds more than
 * max-keys; a new key goes to the shared circuit only when nothing could be evicted; a sweep evicts every
 * evictable circuit idle for the timeout since the sweep before it; and every key's state is the model's.
 */
class CircuitBreakerGroupModelTest {

    private static final Duration TTL = Duration.ofMillis(30);
    private static final Duration IDLE = Duration.ofMillis(100);
    private static final int THRESHOLD = 2;

    sealed interface Action permits Call, Advance, Sweep {
    }

    record Call(String key, boolean fails) implements Action {
    }

    record Advance(int millis) implements Action {
    }

    record Sweep() implements Action {
    }

    /** One key as the model sees it. */
    static final class ModelKey {
        int failures;
        boolean open;
        long openUntilMillis;
        long lastUseMillis;
        /** The time of the first explicit sweep after the last use: the group has seen the use by then. */
        Long seenByMillis;

        boolean evictable(long now) {
            return !open || now >= openUntilMillis;
        }
    }

    @Property(tries = 200)
    void groupEvictsOnlyWhatItMayAndKeepsEveryKeysStateLikeTheModel(
            @ForAll @IntRange(min = 1, max = 4) int maxKeys, @ForAll("actions") List<Action> actions) {
        ManualTimeSource clock = new ManualTimeSource();
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder().timeSource(clock)
                .defaults(CircuitBreakerConfig.builder().threshold(THRESHOLD).ttl(TTL).maxKeys(maxKeys)
                        .keyIdleTimeout(IDLE).build())
                .build();
        CircuitBreakerGroup group = factory.getGroup("g");
        Map<String, ModelKey> model = new HashMap<>();
        long now = 0;
        boolean overflowed = false;
        boolean evictedForRoom = false;

        for (Action action : actions) {
            Set<String> before = present(group);
            assertThat(before).isEqualTo(model.keySet());
            if (action instanceof Advance advance) {
                    clock.advance(Duration.ofMillis(advance.millis()));
                    now += advance.millis();
            } else if (action instanceof Sweep) {
                    group.evictIdle();
                    Set<String> evicted = minus(before, present(group));
                    for (String key : before) {
                        ModelKey m = model.get(key);
                        boolean idle = now - m.lastUseMillis >= IDLE.toMillis();
                        if (evicted.contains(key)) {
                            assertThat(m.evictable(now) && idle).as("%s evicted by a sweep", key).isTrue();
                        } else if (m.evictable(now) && m.seenByMillis != null && now - m.seenByMillis >= IDLE.toMillis()) {
                            throw new AssertionError(key + " idle since the sweep at " + m.seenByMillis + " was kept at " + now);
                        }
                    }
                    evicted.forEach(model::remove);
                    long sweptAt = now;
                    model.values().stream().filter(m -> m.seenByMillis == null).forEach(m -> m.seenByMillis = sweptAt);
            } else if (action instanceof Call call) {
                    CircuitBreaker circuit = group.breaker(call.key());
                    Set<String> after = present(group);
                    assertThat(after.size()).isLessThanOrEqualTo(maxKeys);
                    Set<String> evicted = minus(before, after);
                    boolean full = before.size() >= maxKeys;
                    for (String key : evicted) {
                        ModelKey m = model.get(key);
                        boolean idle = now - m.lastUseMillis >= IDLE.toMillis();
                        assertThat(m.evictable(now) && (idle || full)).as("%s evicted for %s", key, call.key()).isTrue();
                        evictedForRoom |= !idle;
                    }
                    evicted.forEach(model::remove);
                    if (circuit.getKey() == null) {
                        overflowed = true;
                        assertThat(before).doesNotContain(call.key());
                        long at = now;
                        assertThat(model.values()).as("overflow only when nothing can be evicted")
                                .noneMatch(m -> m.evictable(at));
                        runQuietly(circuit, call.fails());
                        continue;
                    }
                    assertThat(circuit.getKey()).isEqualTo(call.key());
                    ModelKey m = model.computeIfAbsent(call.key(), k -> new ModelKey());
                    boolean ran = runQuietly(circuit, call.fails());
                    boolean modelRuns = !m.open || now > m.openUntilMillis; // strictly after the open period
                    assertThat(ran).as("call on %s ran", call.key()).isEqualTo(modelRuns);
                    if (modelRuns) {
                        boolean trial = m.open;
                        if (call.fails()) {
                            m.failures = trial ? THRESHOLD : m.failures + 1;
                            if (m.failures >= THRESHOLD) {
                                m.open = true;
                                m.failures = 0;
                                m.openUntilMillis = now + TTL.toMillis();
                            }
                        } else {
                            m.open = false;
                            m.failures = 0;
                        }
                    }
                    m.lastUseMillis = now;
                    m.seenByMillis = null;
                    assertThat(circuit.getState()).isEqualTo(m.open ? CircuitState.OPEN : CircuitState.CLOSED);
                    assertThat(circuit.getConsecutiveFailures()).isEqualTo(m.failures);
            }
        }
        Statistics.label("overflow").collect(overflowed);
        Statistics.label("evicted for room").collect(evictedForRoom);
        Statistics.label("overflow").coverage(c -> c.check(true).percentage(p -> p > 2));
        Statistics.label("evicted for room").coverage(c -> c.check(true).percentage(p -> p > 20));
    }

    private static boolean runQuietly(CircuitBreaker circuit, boolean fails) {
        try {
            circuit.run(() -> {
                if (fails) {
                    throw new IllegalStateException("down");
                }
            });
            return true;
        } catch (CircuitOpenException rejected) {
            return false;
        } catch (IllegalStateException failed) {
            return true;
        }
    }

    private static Set<String> present(CircuitBreakerGroup group) {
        Set<String> keys = new TreeSet<>();
        for (String key : List.of("a", "b", "c", "d", "e", "f")) {
            group.findBreaker(key).ifPresent(b -> keys.add(key));
        }
        return keys;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        return a.stream().filter(k -> !b.contains(k)).collect(Collectors.toCollection(HashSet::new));
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> call = Arbitraries.of("a", "b", "c", "d", "e", "f")
                .flatMap(key -> Arbitraries.of(true, false).map(fails -> new Call(key, fails)));
        Arbitrary<Action> advance = Arbitraries.of(1, 10, 29, 30, 31, 50, 99, 100, 101).map(Advance::new);
        Arbitrary<Action> sweep = Arbitraries.just(new Sweep());
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, call), net.jqwik.api.Tuple.of(3, advance), net.jqwik.api.Tuple.of(1, sweep))
                .list().ofMinSize(5).ofMaxSize(80);
    }
}
