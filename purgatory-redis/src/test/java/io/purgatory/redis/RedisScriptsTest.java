package io.purgatory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.RateWindow;
import io.purgatory.SlidingWindowType;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scripts' invariants against a real standalone server; {@link RedisScriptsClusterTest} repeats them on a cluster. */
@WithRedisServer
class RedisScriptsTest {

    /**
     * The fast settings with a 2 s command timeout: these tests check what the scripts write, and a
     * machine loaded enough to miss 200 ms would make the store decide locally (its documented degraded
     * mode, tested in RedisOutageTest) and write nothing to check.
     */
    static final RedisStoreSettings SETTINGS = new RedisStoreSettings(Instances.FAST.keyPrefix(), Duration.ofSeconds(2),
            Instances.FAST.connectTimeout(), Instances.FAST.refreshInterval(), Instances.FAST.leaseDuration(),
            Instances.FAST.keyTtl(), Instances.FAST.activeWindow(), Instances.FAST.maxRetryInterval());

    static final CircuitBreakerConfig ONE_FAILURE_TRIPS = CircuitBreakerConfig.builder().threshold(1)
            .ttl(Duration.ofMillis(300)).build();

    /** Trips when at least 10 calls of the last minute are half failures; never on failures in a row. */
    static final CircuitBreakerConfig HALF_OF_TEN_FAIL = CircuitBreakerConfig.builder().threshold(1_000_000)
            .ttl(Duration.ofHours(1))
            .window(new RateWindow(SlidingWindowType.TIME_BASED, 100, Duration.ofMinutes(1), 10, 50f, 0f,
                    Duration.ofSeconds(1)))
            .build();

    final RedisServer redis;
    Instances instances;

    RedisScriptsTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void freshServer() {
        redis.flushAll();
        instances = new Instances(redis);
    }

    @AfterEach
    void closeInstances() throws Exception {
        instances.close();
    }

    @Test
    void failuresInARowOnOneInstanceOpenTheCircuitAtTheThresholdWithTheNextVersion() {
        Instance a = instances.instance(SETTINGS, CircuitBreakerConfig.builder().threshold(3).ttl(Duration.ofHours(1)).build());
        CircuitBreaker breaker = a.breaker("count");
        breaker.reset(); // writes the hash, so that its version is known
        long counting = version("count");
        Map<String, Long> before = redis.commandStats();

        fail(breaker);
        fail(breaker);
        assertThat(breaker.getConsecutiveFailures()).isEqualTo(2);
        assertThat(RedisCircuitStoreTest.commandsSince(redis, before)).as("failures below the threshold").isEmpty();
        assertThat(hash("count")).containsEntry("state", "CLOSED");
        fail(breaker);

        assertThat(hash("count")).containsEntry("state", "OPEN").containsEntry("fail", "0")
                .containsEntry("cause", "CONSECUTIVE_FAILURES").containsEntry("by", a.store.instanceId());
        assertThat(version("count")).isEqualTo(counting + 1);
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aSuccessResetsTheCountWithoutAnyCommand() {
        Instance a = instances.instance(SETTINGS, CircuitBreakerConfig.builder().threshold(3).build());
        CircuitBreaker breaker = a.breaker("reset");
        fail(breaker);
        Map<String, Long> before = redis.commandStats();

        breaker.run(() -> { });
        Instances.settle();

        assertThat(breaker.getConsecutiveFailures()).isZero();
        assertThat(RedisCircuitStoreTest.commandsSince(redis, before)).isEmpty();
    }

    @Test
    void staleForcedTransitionWithAnOldVersionChangesNothing() {
        Instance a = instances.instance(SETTINGS, ONE_FAILURE_TRIPS);
        RedisCircuit circuit = a.circuit("fenced");
        long seen = circuit.cache().current().version();
        fail(a.breaker("fenced")); // OPEN, one version on: a state with a TTL, which any write would change
        Map<String, String> before = hash("fenced");
        long ttlBefore = (Long) redis.command("PTTL", keys("fenced").state());

        boolean applied = circuit.transitionTo(CircuitState.FORCED_OPEN, seen);

        assertThat(applied).isFalse();
        assertThat(hash("fenced")).isEqualTo(before);
        assertThat(ttlBefore).as("PTTL of the open circuit").isPositive();
        // A forced state written anyway would have no TTL (-1); a rewrite of OPEN would renew it.
        assertThat((Long) redis.command("PTTL", keys("fenced").state())).as("PTTL after the refused transition")
                .isPositive().isLessThanOrEqualTo(ttlBefore);
    }

    @Test
    void forcedTransitionFencedWithAVersionFromBeforeLostStateChangesNothing() {
        Instance a = instances.instance(SETTINGS, ONE_FAILURE_TRIPS);
        RedisCircuit circuit = a.circuit("lost");
        circuit.transitionTo(CircuitState.FORCED_OPEN, -1);
        long beforeTheLoss = version("lost");
        redis.flushAll();
        circuit.transitionTo(CircuitState.FORCED_OPEN, -1); // the same number of transitions since the loss
        Map<String, String> before = hash("lost");

        boolean applied = circuit.transitionTo(CircuitState.CLOSED, beforeTheLoss);

        assertThat(applied).isFalse();
        assertThat(hash("lost")).isEqualTo(before).containsEntry("state", "FORCED_OPEN");
        assertThat(version("lost")).isGreaterThan(beforeTheLoss);
    }

    @Test
    void staleTrialOutcomeOfAnEarlierRoundChangesNothing() {
        Instance a = instances.instance(SETTINGS, ONE_FAILURE_TRIPS);
        CircuitBreaker breaker = a.breaker("stale-trial");
        fail(breaker);
        long permit = awaitTrialPermit(breaker);
        a.circuit("stale-trial").transitionTo(CircuitState.HALF_OPEN, -1); // a new round starts
        Map<String, String> before = hash("stale-trial");

        breaker.permits().onSuccess(permit, breaker.permits().callStart());

        assertThat(hash("stale-trial")).isEqualTo(before);
        assertThat(breaker.getState()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void trialOutcomeOfTheCurrentRoundWhoseLeaseExpiredAndWasReplacedChangesNothing() {
        // A trial whose holder never reports is renewed for half-open-timeout at most; then its lease expires.
        CircuitBreakerConfig abandoning = CircuitBreakerConfig.builder().threshold(1).ttl(Duration.ofMillis(100))
                .halfOpenTimeout(Duration.ofMillis(100)).build();
        Instance a = instances.instance(SETTINGS, abandoning);
        Instance b = instances.instance(SETTINGS, abandoning);
        fail(a.breaker("lease-check"));
        long expired = awaitTrialPermit(a.breaker("lease-check"));
        String round = hash("lease-check").get("round");
        long replacement = awaitTrialPermit(b.breaker("lease-check")); // granted once a's lease expired
        assertThat(hash("lease-check")).containsEntry("state", "HALF_OPEN").containsEntry("round", round);
        Map<String, String> before = hash("lease-check");

        a.breaker("lease-check").permits().onSuccess(expired, a.breaker("lease-check").permits().callStart());

        assertThat(hash("lease-check")).isEqualTo(before);
        assertThat((Long) redis.command("ZCARD", keys("lease-check").leases())).isEqualTo(1L); // b's lease, untouched
        b.breaker("lease-check").permits().onSuccess(replacement, b.breaker("lease-check").permits().callStart());
        assertThat(hash("lease-check")).containsEntry("state", "CLOSED");
    }

    @Test
    void trialSuccessClosesAndTrialFailureReopensWithANewVersionEachTime() {
        Instance a = instances.instance(SETTINGS, ONE_FAILURE_TRIPS);
        CircuitBreaker breaker = a.breaker("trial");
        fail(breaker);
        long opened = version("trial");
        long permit = awaitTrialPermit(breaker);
        assertThat(hash("trial")).containsEntry("state", "HALF_OPEN");
        assertThat(version("trial")).isEqualTo(opened + 1);

        breaker.permits().onError(permit, breaker.permits().callStart(), new IllegalStateException("still down"));
        assertThat(hash("trial")).containsEntry("state", "OPEN").containsEntry("reopen", "1");
        assertThat(version("trial")).isEqualTo(opened + 2);

        long second = awaitTrialPermit(breaker);
        breaker.permits().onSuccess(second, breaker.permits().callStart());
        assertThat(hash("trial")).containsEntry("state", "CLOSED");
        assertThat(version("trial")).isEqualTo(opened + 4);
        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void everyKeyWrittenHasATtl() {
        Instance a = instances.instance(SETTINGS, ONE_FAILURE_TRIPS);
        CircuitBreaker breaker = a.breaker("ttl");
        fail(breaker);
        awaitTrialPermit(breaker); // writes the state hash and a lease
        a.circuit("other").transitionTo(CircuitState.OPEN, -1); // forced states are the exception: RedisForcedStateTest

        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) redis.command("KEYS", Instances.FAST.keyPrefix() + ":*");

        assertThat(keys).hasSize(4); // ttl's state, lease and flush records (its window hash), other's state
        for (String key : keys) {
            assertThat((Long) redis.command("PTTL", key)).as("PTTL of %s", key).isPositive();
        }
    }

    @Test
    void allKeysOfACircuitMapToOneSlot() {
        for (String name : List.of("payments", "}x", "a{b}c")) {
            CircuitKeys keys = keys(name);
            assertThat(SlotHash.getSlot(keys.leases())).isEqualTo(SlotHash.getSlot(keys.state()));
            assertThat(SlotHash.getSlot(keys.window())).isEqualTo(SlotHash.getSlot(keys.state()));
        }
    }

    @Test
    void aReplayedFlushIsCountedOnce() {
        Instance a = instances.instance(SETTINGS, HALF_OF_TEN_FAIL);

        FlushReply first = flush(a, "replay", 1_000, 5, 1, 0);
        FlushReply replay = flush(a, "replay", 1_000, 5, 1, 0);
        FlushReply older = flush(a, "replay", 999, 5, 1, 0);

        assertThat(first.reply().code()).isEqualTo(FlushReply.ADDED);
        assertThat(replay.reply().code()).isEqualTo(FlushReply.DUPLICATE);
        assertThat(older.reply().code()).isEqualTo(FlushReply.DUPLICATE);
        assertThat(older.rates().calls()).isEqualTo(5);
        assertThat(older.rates().failures()).isEqualTo(1);
        assertThat(windowTotals("replay")).containsExactly(5L, 1L, 0L);
    }

    @Test
    void flushesOfSeveralInstancesAddUpAndARateTripOpensAndClearsTheSlots() {
        Instance a = instances.instance(SETTINGS, HALF_OF_TEN_FAIL);
        Instance b = instances.instance(SETTINGS, HALF_OF_TEN_FAIL);
        FlushReply belowMinimum = flush(a, "rate", 1_000, 6, 6, 0);
        assertThat(belowMinimum.reply().code()).isEqualTo(FlushReply.ADDED);
        assertThat(belowMinimum.rates().failureRate()).isEqualTo(-1f); // unknown below the minimum

        FlushReply tripping = flush(b, "rate", 1_000, 4, 0, 0); // 10 calls, 6 failures: 60 %

        assertThat(tripping.reply().code()).isEqualTo(FlushReply.TRIPPED);
        assertThat(hash("rate")).containsEntry("state", "OPEN")
                .containsEntry("cause", "FAILURE_RATE").containsEntry("by", b.store.instanceId());
        assertThat(windowTotals("rate")).containsExactly(0L, 0L, 0L);
        assertThat(tripping.rates().calls()).isZero();
        assertThat(flush(b, "rate", 1_000, 4, 0, 0).reply().code()).isEqualTo(FlushReply.DUPLICATE);
        assertThat(flush(a, "rate", 1_001, 4, 4, 0).reply().code()).isEqualTo(FlushReply.NOT_CLOSED);
        assertThat(windowTotals("rate")).containsExactly(0L, 0L, 0L);
    }

    @Test
    void countBasedWindowHoldsTheNewestNCallsOnly() {
        CircuitBreakerConfig lastTen = HALF_OF_TEN_FAIL.toBuilder()
                .window(new RateWindow(SlidingWindowType.COUNT_BASED, 10, Duration.ofMinutes(1), 10, 50f, 0f,
                        Duration.ofSeconds(1)))
                .build();
        Instance a = instances.instance(SETTINGS, lastTen);

        flush(a, "count", 1_000, 4, 0, 0);
        FlushReply reply = flush(a, "count", 1_001, 30, 3, 0);

        assertThat(reply.reply().code()).isEqualTo(FlushReply.ADDED);
        assertThat(reply.rates().calls()).isEqualTo(10);
        assertThat(reply.rates().windowCapacity()).isEqualTo(10);
        assertThat(reply.rates().failureRate()).isEqualTo(10f); // 34 calls in one slot, pro rata: 10 % of the newest 10
    }

    @Test
    void windowHashStaysBoundedAndEveryKeyHasATtlAfterLongTraffic() {
        CircuitBreakerConfig fiveMillisecondSlots = HALF_OF_TEN_FAIL.toBuilder()
                .window(new RateWindow(SlidingWindowType.TIME_BASED, 100, Duration.ofMillis(50), 10, 50f, 0f,
                        Duration.ofSeconds(1)))
                .build();
        List<Instance> fleet = List.of(instances.instance(SETTINGS, fiveMillisecondSlots),
                instances.instance(SETTINGS, fiveMillisecondSlots),
                instances.instance(SETTINGS, fiveMillisecondSlots));
        long seq = 1_000;
        long start = System.nanoTime();
        // 400 ms of 5 ms slots: the 10-slot ring is reused about eight times.
        while (System.nanoTime() - start < Duration.ofMillis(400).toNanos()) {
            seq++;
            for (Instance instance : fleet) {
                flush(instance, "long", seq, 3, 0, 0);
            }
        }

        // 4 fields per live slot, one 'q:' per instance, and the 'shape' the ring was written with.
        assertThat((Long) redis.command("HLEN", keys("long").window())).isBetween(4L + 3 + 1, 4L * WindowShape.SLOTS + 3 + 1);
        flush(fleet.get(0), "long", seq + 1, 100_000, 100_000, 0); // outweighs the live slots and trips: the state hash is written too
        assertThat(hash("long")).containsEntry("state", "OPEN");
        @SuppressWarnings("unchecked")
        List<String> all = (List<String>) redis.command("KEYS", Instances.FAST.keyPrefix() + ":*");
        assertThat(all).contains(keys("long").state(), keys("long").window());
        for (String key : all) {
            assertThat((Long) redis.command("PTTL", key)).as("PTTL of %s", key).isPositive();
        }
    }

    static void fail(CircuitBreaker breaker) {
        try {
            breaker.run(() -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // the body's own exception
        }
        Instances.settle(); // Redis counts it with the next flush: wait for that
    }

    static long awaitTrialPermit(CircuitBreaker breaker) {
        AtomicLong permit = new AtomicLong();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    permit.set(breaker.permits().tryAcquire());
                    return permit.get() > 0;
                });
        return permit.get();
    }

    /** Runs the flush script for an instance's circuit with explicit deltas, as a replayed command would. */
    static FlushReply flush(Instance instance, String name, long seq, long calls, long failures, long slowCalls) {
        RedisCircuit circuit = instance.circuit(name);
        SharedWindow window = circuit.window();
        ScriptRunner runner = instance.store.runner();
        long sent = System.nanoTime();
        Object raw = runner.await(runner.submitRaw(RedisScripts.FLUSH,
                CircuitKeys.of(Instances.FAST.keyPrefix(), name).asArray(),
                flushArgs(circuit, seq, 0, 1_000, calls, failures, slowCalls)), runner.timeout().toNanos());
        return window.accept(raw, sent, System.nanoTime());
    }

    /**
     * Returns a flush script's full ARGV for a circuit: the sender's failures in a row and window counts as given,
     * its window layout as configured, ttl and max ttl of an hour.
     */
    static String[] flushArgs(RedisCircuit circuit, long seq, int failuresInARow, int threshold, long calls,
            long failures, long slowCalls) {
        String[] own = {Long.toString(seq), Integer.toString(failuresInARow), Integer.toString(threshold), "3600000",
            "1.0", "3600000", Long.toString(calls), Long.toString(failures), Long.toString(slowCalls)};
        String[] layout = circuit.window().layoutArgs();
        String[] all = new String[own.length + layout.length];
        System.arraycopy(own, 0, all, 0, own.length);
        System.arraycopy(layout, 0, all, own.length, layout.length);
        return circuit.scripts().args(all);
    }

    List<Long> windowTotals(String name) {
        return windowTotals(redis, name);
    }

    /** Calls, failures and slow calls in every slot of the circuit's window hash, live or not. */
    static List<Long> windowTotals(RedisServer redis, String name) {
        @SuppressWarnings("unchecked")
        List<Object> flat = (List<Object>) redis.command("HGETALL",
                CircuitKeys.of(Instances.FAST.keyPrefix(), name).window());
        long[] totals = new long[3];
        for (int i = 0; i < flat.size(); i += 2) {
            String field = String.valueOf(flat.get(i));
            int kind = "cfs".indexOf(field.charAt(0));
            if (kind >= 0 && field.length() > 1 && Character.isDigit(field.charAt(1))) {
                totals[kind] += Long.parseLong(String.valueOf(flat.get(i + 1)));
            }
        }
        return List.of(totals[0], totals[1], totals[2]);
    }

    CircuitKeys keys(String name) {
        return CircuitKeys.of(Instances.FAST.keyPrefix(), name);
    }

    long version(String name) {
        return Long.parseLong((String) redis.command("HGET", keys(name).state(), "ver"));
    }

    Map<String, String> hash(String name) {
        @SuppressWarnings("unchecked")
        List<Object> flat = (List<Object>) redis.command("HGETALL", keys(name).state());
        Map<String, String> map = new java.util.TreeMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            map.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return map;
    }
}
