package io.purgatory.redis;

import static io.purgatory.redis.RedisCircuitStoreTest.NO_REFRESH;
import static io.purgatory.redis.RedisScriptsTest.awaitTrialPermit;
import static io.purgatory.redis.RedisScriptsTest.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitPermits;
import io.purgatory.CircuitState;
import io.purgatory.event.StoreDegraded;
import io.purgatory.event.StoreRecovered;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WarningLog;
import io.purgatory.redis.testing.WithRedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults that must not surprise anyone (issue 13): one bad circuit degrades only itself, one failed
 * command degrades nothing, a recovery of many circuits is incremental, a trial slower than its lease
 * keeps it and counts, and instances with different settings converge.
 */
@WithRedisServer
class RedisFaultsTest {

    private static final CircuitBreakerConfig ONE_FAILURE_TRIPS = CircuitBreakerConfig.builder().threshold(1)
            .ttl(Duration.ofHours(1)).build();

    private final RedisServer redis;
    private Instances instances;
    private WarningLog warnings;

    RedisFaultsTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void setUp() {
        redis.flushAll();
        instances = new Instances(redis);
        warnings = WarningLog.of(RedisCircuitStore.class);
    }

    @AfterEach
    void tearDown() throws Exception {
        redis.ensureRunning();
        instances.close();
        warnings.close();
    }

    @Test
    void aKeyOfTheWrongTypeDegradesOnlyItsCircuitIsLoggedOnceAndRecoversWhenRepaired() {
        Instance a = instances.instance(Instances.FAST, ONE_FAILURE_TRIPS);
        Instance b = instances.instance(Instances.FAST, ONE_FAILURE_TRIPS);
        String badState = CircuitKeys.of(Instances.FAST.keyPrefix(), "bad").state();
        redis.command("SET", badState, "not a hash"); // another program, or a hand, wrote the key
        CircuitBreaker bad = a.breaker("bad");
        CircuitBreaker good = a.breaker("good");

        // Its first read, when the breaker was created, failed with WRONGTYPE: the circuit decides locally.
        assertThat(bad.getSnapshot().degraded()).isTrue();
        fail(bad);
        assertThat(bad.getState()).as("tripped by its local breaker").isEqualTo(CircuitState.OPEN);
        fail(b.breaker("good"));
        await().atMost(Duration.ofSeconds(1)).until(() -> good.getState() == CircuitState.OPEN); // still shared
        assertThat(good.getSnapshot().degraded()).isFalse();
        assertThat(a.store.isDegraded()).isFalse();
        assertThat(a.events(StoreDegraded.class)).singleElement()
                .satisfies(event -> assertThat(event.circuitName()).isEqualTo("bad"));
        await().pollDelay(Instances.FAST.maxRetryInterval().multipliedBy(3)).until(() -> true); // retried meanwhile
        assertThat(warnings.messages()).singleElement().asString().contains("'bad'").contains("WRONGTYPE");

        redis.command("DEL", badState);

        await().atMost(Instances.FAST.maxRetryInterval().multipliedBy(3)).until(() -> !bad.getSnapshot().degraded());
        assertThat(bad.getState()).as("the shared state, CLOSED").isEqualTo(CircuitState.CLOSED);
        assertThat(a.events(StoreRecovered.class)).singleElement()
                .satisfies(event -> assertThat(event.circuitName()).isEqualTo("bad"));
        assertThat(a.store.degradedEpisodes()).isZero();
    }

    @Test
    void oneCommandThatTimesOutDegradesNothingButSeveralInARowDo() {
        // No refresh cadence: only the calls' own flushes talk to Redis, so the test knows every command.
        Instance a = instances.instance(NO_REFRESH, ONE_FAILURE_TRIPS);
        CircuitBreaker blip = a.breaker("blip");

        redis.pause(NO_REFRESH.commandTimeout().multipliedBy(2));
        fail(blip); // its trip flush times out
        redis.ensureRunning();

        assertThat(a.store.isDegraded()).isFalse();
        assertThat(blip.getSnapshot().degraded()).isFalse();
        assertThat(a.events(StoreDegraded.class)).isEmpty();
        // Redis answers again (a read, once the timed-out flush is over: its reply may never come).
        await().atMost(Duration.ofSeconds(2)).until(() -> a.circuit("blip").flush().join() != null);

        redis.pause(NO_REFRESH.commandTimeout().multipliedBy(2 + 2 * NO_REFRESH.degradeAfterErrors()));
        for (int i = 0; i < NO_REFRESH.degradeAfterErrors(); i++) {
            fail(a.breaker("outage-" + i)); // one trip flush each, all timing out
        }
        redis.ensureRunning();

        assertThat(a.store.isDegraded()).isTrue();
        assertThat(a.store.degradedEpisodes()).isEqualTo(1);
        assertThat(blip.getSnapshot().degraded()).isTrue(); // every circuit of the store, each reporting it once
        for (int i = 0; i < NO_REFRESH.degradeAfterErrors(); i++) {
            assertThat(a.breaker("outage-" + i).getSnapshot().degraded()).isTrue();
        }
        // blip and two outage circuits were sharing; the last was created in a degraded store and never shared.
        assertThat(a.events(StoreDegraded.class)).hasSize(NO_REFRESH.degradeAfterErrors());
    }

    @Test
    void afterAnOutageThousandsOfCircuitsShareAgainInBatchesAndTheStoreStaysRecovered() {
        Instance a = instances.instance(Instances.FAST, ONE_FAILURE_TRIPS);
        int circuits = 12 * SnapshotRefresher.MAX_READS_IN_FLIGHT + 100;
        for (int i = 0; i < circuits; i++) {
            a.breaker("many-" + i).run(() -> { });
        }
        redis.stop();
        await().atMost(Duration.ofSeconds(2)).until(a.store::isDegraded);
        await().atMost(Duration.ofSeconds(2)).until(() -> a.breaker("many-0").getSnapshot().degraded());

        redis.restart();

        await().atMost(Duration.ofSeconds(10)).until(() -> !a.store.isDegraded());
        await().atMost(Duration.ofSeconds(10)).until(() -> a.store.circuits().stream()
                .noneMatch(circuit -> circuit.mode().isLocal()));
        assertThat(a.store.degradedEpisodes()).isEqualTo(1);
        assertThat(a.events(StoreRecovered.class)).hasSize(circuits);
    }

    @Test
    void nudgesLostWhileTheSubscriptionWasDownAreMadeUpByReadingEveryCircuitInUse() {
        Instance a = instances.instance(Instances.FAST, ONE_FAILURE_TRIPS);
        Instance b = instances.instance(Instances.FAST, ONE_FAILURE_TRIPS); // resync-interval: the default 10 min
        for (int i = 0; i < 5; i++) {
            b.breaker("in-use-" + i).run(() -> { });
        }
        Instances.settle();
        java.util.Map<String, Long> before = redis.commandStats();

        redis.command("CLIENT", "KILL", "TYPE", "pubsub"); // every subscription, b's included
        fail(a.breaker("in-use-0")); // its nudge may find b unsubscribed

        // b restores its subscription within a refresh interval and reads every circuit it uses, not in 10 minutes.
        await().atMost(Duration.ofSeconds(2)).until(() -> b.breaker("in-use-0").getState() == CircuitState.OPEN);
        await().atMost(Duration.ofSeconds(2)).until(() -> RedisCircuitStoreTest.commandsSince(redis, before)
                .getOrDefault("evalsha", 0L) >= 1 + 5);
        assertThat(b.store.isDegraded()).isFalse();
    }

    @Test
    void aTrialSlowerThanItsLeaseKeepsItsSlotAndItsFailureCounts() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder().threshold(1).ttl(Duration.ofMillis(100)).build();
        Instance a = instances.instance(Instances.FAST, config); // leases of one second, renewed at half
        Instance b = instances.instance(Instances.FAST, config);
        fail(a.breaker("slow-trial"));
        CircuitPermits onA = a.breaker("slow-trial").permits();
        long trial = awaitTrialPermit(a.breaker("slow-trial"));
        long started = onA.callStart();

        // Two and a half leases long, b is never granted a second trial.
        await().during(Instances.FAST.leaseDuration().multipliedBy(5).dividedBy(2)).atMost(Duration.ofSeconds(5))
                .until(() -> b.breaker("slow-trial").permits().tryAcquire() == CircuitPermits.REJECTED);
        onA.onError(trial, started, new IllegalStateException("timed out downstream"));

        assertThat(hashField("slow-trial", "cause")).isEqualTo("TRIAL_FAILED");
        assertThat(a.breaker("slow-trial").getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void instancesWithDifferentSettingsConvergeOnTheSettingsOfTheInstanceWhoseScriptDecides() {
        // A rolling deploy: a still runs the old settings, b the new, lower ones.
        CircuitBreakerConfig old = CircuitBreakerConfig.builder().threshold(5).ttl(Duration.ofMillis(100))
                .halfOpenCalls(3).halfOpenSuccesses(3).build();
        CircuitBreakerConfig lowered = CircuitBreakerConfig.builder().threshold(2).ttl(Duration.ofMillis(100))
                .halfOpenCalls(1).halfOpenSuccesses(1).build();
        Instance a = instances.instance(Instances.FAST, old);
        Instance b = instances.instance(Instances.FAST, lowered);
        fail(b.breaker("rolling"));
        fail(b.breaker("rolling")); // b's threshold
        CircuitPermits onA = a.breaker("rolling").permits();
        long first = awaitTrialPermit(a.breaker("rolling"));
        long second = onA.tryAcquire(); // a admits three trials at once
        assertThat(second).isPositive();
        onA.onSuccess(first, onA.callStart()); // one success of a's three; a's second trial still runs

        // By b's settings one success closes the round: b's next request closes it rather than wait for a's trials.
        await().atMost(Duration.ofSeconds(2)).until(() -> {
            long permit = b.breaker("rolling").permits().tryAcquire();
            if (permit > 0) {
                b.breaker("rolling").permits().release(permit);
            }
            return b.breaker("rolling").getState() == CircuitState.CLOSED;
        });
        await().atMost(Duration.ofSeconds(1)).until(() -> a.breaker("rolling").getState() == CircuitState.CLOSED);
        onA.onSuccess(second, onA.callStart()); // a trial of a round that is over: ignored
        assertThat(hashField("rolling", "state")).isEqualTo("CLOSED");

        // Each instance trips at its own threshold: b's two failures in a row open the circuit for a too.
        for (int i = 0; i < 4; i++) {
            fail(a.breaker("rolling")); // below a's five
        }
        assertThat(a.breaker("rolling").getState()).isEqualTo(CircuitState.CLOSED);
        fail(b.breaker("rolling"));
        fail(b.breaker("rolling"));
        await().atMost(Duration.ofSeconds(1)).until(() -> a.breaker("rolling").getState() == CircuitState.OPEN);
        assertThat(hashField("rolling", "by")).isEqualTo(b.store.instanceId());
    }

    private Object hashField(String circuit, String field) {
        return redis.command("HGET", CircuitKeys.of(Instances.FAST.keyPrefix(), circuit).state(), field);
    }
}
