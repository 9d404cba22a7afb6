package io.purgatory.redis;

import static io.purgatory.redis.RedisScriptsTest.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import io.purgatory.event.StateChanged;
import io.purgatory.event.StoreDegraded;
import io.purgatory.event.StoreRecovered;
import io.purgatory.event.TransitionCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What callers see while Redis is stopped, hung or paused: local decisions, never a Redis error or a long wait. */
@WithRedisServer
class RedisOutageTest {

    static final CircuitBreakerConfig THREE_FAILURES = CircuitBreakerConfig.builder().threshold(3)
            .ttl(Duration.ofHours(1)).build();

    /**
     * No call may wait longer than the command timeout (200 ms). The slack covers waking the waiting
     * thread and the rest of the call on a 2-core CI box that also runs redis-server and Maven.
     */
    static final Duration LONGEST_CALL = Instances.FAST.commandTimeout().plusMillis(100);

    final RedisServer redis;
    Instances instances;

    RedisOutageTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void freshServer() {
        assumeThat(redis.isManaged()).as("needs a redis-server this test may stop").isTrue();
        redis.flushAll();
        instances = new Instances(redis);
    }

    @AfterEach
    void close() throws Exception {
        redis.ensureRunning();
        instances.close();
    }

    @Test
    void stoppedRedisLeavesCallsToTheLocalBreakerWhichStillTrips() {
        Instance a = instances.instance(Instances.FAST, THREE_FAILURES);
        CircuitBreaker breaker = a.breaker("stopped");

        redis.stop();

        assertThat(breaker.get(() -> "result")).isEqualTo("result"); // a success is never replaced by an error
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("body"); // before the outage is noticed: counted when it is
        })).isInstanceOf(IllegalStateException.class).hasMessage("body");
        // No call waits for Redis in CLOSED: the store's thread notices the lost connection within a refresh interval.
        await().atMost(Duration.ofSeconds(2)).until(() -> breaker.getSnapshot().degraded());
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> breaker.run(() -> {
                throw new IllegalStateException("body");
            })).isInstanceOf(IllegalStateException.class).hasMessage("body");
        }
        assertThatThrownBy(() -> breaker.run(() -> { })).isInstanceOf(CircuitOpenException.class);
        assertThat(breaker.getSnapshot().degraded()).isTrue();
        assertThat(a.events(StoreDegraded.class)).hasSize(1);
        assertThat(a.store.degradedEpisodes()).isEqualTo(1);
    }

    @Test
    void successWhoseResetScriptFailsIsStillReturned() {
        Instance a = instances.instance(Instances.FAST, THREE_FAILURES);
        CircuitBreaker breaker = a.breaker("reset-down");
        fail(breaker); // a shared failure: the next success resets it with a script

        redis.stop();

        assertThat(breaker.get(() -> "result")).isEqualTo("result");
        await().atMost(Duration.ofSeconds(2)).until(() -> breaker.getSnapshot().degraded());
        assertThat(a.store.degradedEpisodes()).isEqualTo(1);
        assertThat(breaker.getConsecutiveFailures()).isZero(); // counted by the local breaker
    }

    @Test
    void trialSuccessWhoseOutcomeScriptFailsIsStillReturned() {
        Instance a = instances.instance(Instances.FAST,
                CircuitBreakerConfig.builder().threshold(1).ttl(Duration.ofMillis(100)).build());
        CircuitBreaker breaker = a.breaker("trial-down");
        fail(breaker);

        // The first call admitted is the trial; Redis goes down while it runs.
        String result = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .ignoreExceptionsInstanceOf(CircuitOpenException.class)
                .until(() -> breaker.get(() -> {
                    redis.stop();
                    return "trial result";
                }), "trial result"::equals);

        assertThat(result).isEqualTo("trial result");
        await().atMost(Duration.ofSeconds(2)).until(() -> a.store.degradedEpisodes() == 1);
    }

    @Test
    void stoppedRedisLeavesRateTripsToTheLocalWindowAndDropsItsCounts() {
        Instance a = instances.instance(Instances.FAST, RedisSharedWindowTest.window(4, 50f, 0f));
        CircuitBreaker breaker = a.breaker("rates-down");
        breaker.run(() -> { });
        await().atMost(Duration.ofSeconds(2)).until(() -> breaker.getRates().calls() == 1); // flushed

        redis.stop();
        await().atMost(Duration.ofSeconds(2)).until(() -> breaker.getSnapshot().degraded());
        fail(breaker);
        breaker.run(() -> { });
        fail(breaker);
        assertThat(breaker.getRates().calls()).isEqualTo(3); // the local window's view
        assertThat(breaker.getRates().failures()).isEqualTo(2);
        fail(breaker); // 3 of 4 calls failed: 75 %

        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
        // Published just after the state is visible, possibly by the thread delivering this breaker's events.
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(a.events(StateChanged.class))
                .containsExactly(
                new StateChanged("rates-down", CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.FAILURE_RATE)));

        redis.restart();
        await().atMost(Duration.ofSeconds(5)).until(() -> !breaker.getSnapshot().degraded());
        breaker.run(() -> { }); // the shared state is CLOSED: local decisions are not written back
        // The restarted server starts empty, so the window holds this call only: the four made while down never arrive.
        await().atMost(Duration.ofSeconds(2)).until(() -> breaker.getRates().calls() == 1);
        await().during(Instances.FAST.refreshInterval().multipliedBy(3)).atMost(Duration.ofSeconds(2))
                .until(() -> breaker.getRates().calls() == 1);
    }

    @Test
    void afterRestartTheSharedStateIsAdoptedIncludingAnOpenSetMeanwhile() {
        Instance a = instances.instance(Instances.FAST, THREE_FAILURES);
        CircuitBreaker onA = a.breaker("adopt");
        redis.stop();
        fail(onA); // noticed by the store's thread within a refresh interval: a decides locally, one failure counted
        await().atMost(Duration.ofSeconds(2)).until(() -> onA.getSnapshot().degraded());
        assertThat(onA.getConsecutiveFailures()).isEqualTo(1);

        redis.restart();
        Instance b = instances.instance(Instances.FAST, THREE_FAILURES);
        for (int i = 0; i < 3; i++) {
            fail(b.breaker("adopt"));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> !onA.getSnapshot().degraded()
                && onA.getState() == CircuitState.OPEN);
        assertThat(a.events(StoreRecovered.class)).hasSize(1);
        // Published just after the state is visible, possibly by the thread delivering this breaker's events.
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(a.events(StateChanged.class))
                .containsExactly(
                new StateChanged("adopt", CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.SHARED_STATE)));
        assertThatThrownBy(() -> onA.run(() -> { })).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void whileDisconnectedCommandsAreRejectedAtOnceNotBufferedForLater() {
        // A refresh interval of an hour: the store's thread never reconnects during this test; the test does.
        Instance a = instances.instance(RedisCircuitStoreTest.NO_REFRESH, THREE_FAILURES);
        RedisCircuit circuit = a.circuit("buffered");
        String state = CircuitKeys.of(RedisCircuitStoreTest.NO_REFRESH.keyPrefix(), "buffered").state();
        redis.stop();
        await().atMost(Duration.ofSeconds(2)).until(() -> !a.store.connection().isConnected());

        CompletableFuture<Object> sent = a.store.runner().submitRaw(RedisScripts.TRANSITION,
                CircuitKeys.of(RedisCircuitStoreTest.NO_REFRESH.keyPrefix(), "buffered").asArray(),
                circuit.scripts().args("OPEN", "-1", "3600000"));

        assertThat(sent).isCompletedExceptionally(); // at once, not queued until Lettuce reconnects
        redis.restart();
        a.store.connect(); // what the store's thread does on recovery (Lettuce does not reconnect by itself)
        assertThat(a.store.connection().isConnected()).isTrue();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> Long.valueOf(0).equals(redis.command("EXISTS", state))); // nothing replayed
    }

    @Test
    void afterARestartTheStoreRecoversWithinMaxRetryIntervalWhateverLettucesReconnectDelay() throws Exception {
        // The application's event loops, which the breaker shares, come with a reconnect delay of a minute.
        ClientResources slowReconnect = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMinutes(1)))
                .build();
        try {
            Instance a = instances.instance(Instances.FAST, THREE_FAILURES, slowReconnect);
            CircuitBreaker breaker = a.breaker("reconnect");
            redis.stop();
            fail(breaker);
            await().atMost(Duration.ofSeconds(2)).until(a.store::isDegraded);

            redis.restart();

            // The next attempt comes within max-retry-interval (less jitter), at the next tick of the store's
            // thread; the slack covers a connection attempt and the re-read of every circuit on a busy CI box.
            await().atMost(Instances.FAST.maxRetryInterval().plus(Instances.FAST.refreshInterval()).plusSeconds(1))
                    .until(() -> !a.store.isDegraded());
            assertThat(breaker.getSnapshot().degraded()).isFalse();
        } finally {
            instances.close();
            slowReconnect.shutdown();
        }
    }

    @Test
    void frozenRedisBlocksNoCallLongerThanTheCommandTimeout() throws Exception {
        Instance a = instances.instance(Instances.FAST, THREE_FAILURES);
        CircuitBreaker breaker = sharingOneFailure(a, "frozen");
        redis.freeze();
        try {
            assertThat(longestCall(breaker, "frozen")).isLessThanOrEqualTo(LONGEST_CALL);
            // Commands that time out three in a row (the calls' flushes, the store's heartbeat) found Redis hung.
            await().atMost(Duration.ofSeconds(3)).until(() -> a.store.degradedEpisodes() == 1);
        } finally {
            redis.thaw();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.store.isDegraded());
    }

    @Test
    void pausedRedisBlocksNoCallLongerThanTheCommandTimeout() throws Exception {
        Instance a = instances.instance(Instances.FAST, THREE_FAILURES);
        CircuitBreaker breaker = sharingOneFailure(a, "paused");
        redis.pause(Duration.ofSeconds(3));

        assertThat(longestCall(breaker, "paused")).isLessThanOrEqualTo(LONGEST_CALL);
        await().atMost(Duration.ofSeconds(3)).until(() -> a.store.degradedEpisodes() == 1); // commands timed out
    }

    /** A breaker attached while Redis answers, with one shared failure: its next failure and success each send a script. */
    private static CircuitBreaker sharingOneFailure(Instance instance, String name) {
        CircuitBreaker breaker = instance.breaker(name);
        fail(breaker);
        assertThat(breaker.getConsecutiveFailures()).isEqualTo(1);
        assertThat(breaker.getSnapshot().degraded()).isFalse();
        return breaker;
    }

    /** Four threads make failing and succeeding calls; returns the longest any single call took. */
    private Duration longestCall(CircuitBreaker breaker, String how) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                workers.add(threads.submit(() -> {
                    long longest = 0;
                    for (int i = 0; i < 10; i++) {
                        long start = System.nanoTime();
                        try {
                            breaker.run(() -> { }); // a success that resets a shared failure: a script
                        } catch (CircuitOpenException rejected) {
                            // a local rejection
                        }
                        longest = Math.max(longest, System.nanoTime() - start);
                        start = System.nanoTime();
                        try {
                            breaker.run(() -> {
                                throw new IllegalStateException("body");
                            });
                        } catch (IllegalStateException | CircuitOpenException expected) {
                            // the body's failure, or a local rejection
                        }
                        longest = Math.max(longest, System.nanoTime() - start);
                    }
                    return longest;
                }));
            }
            long longest = 0;
            for (Future<Long> worker : workers) {
                longest = Math.max(longest, worker.get(30, TimeUnit.SECONDS));
            }
            System.out.printf("[measure] longest call with redis %s %s: %.1f ms (command timeout %d ms)%n",
                    redis.version(), how, longest / 1e6, Instances.FAST.commandTimeout().toMillis());
            return Duration.ofNanos(longest);
        } finally {
            threads.shutdownNow();
        }
    }
}
