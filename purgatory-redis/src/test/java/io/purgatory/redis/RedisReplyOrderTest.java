package io.purgatory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.TimeSource;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which of two replies an instance keeps: the one Redis ran last, whatever the arrival order or the server clock. */
@WithRedisServer
class RedisReplyOrderTest {

    static final CircuitBreakerConfig HUNDRED_FAILURES = CircuitBreakerConfig.builder().threshold(100)
            .ttl(Duration.ofHours(1)).build();

    final RedisServer redis;
    Instances instances;

    RedisReplyOrderTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void freshServer() {
        redis.flushAll();
        instances = new Instances(redis);
    }

    @AfterEach
    void close() throws Exception {
        instances.close();
    }

    @Test
    void afterAFailoverToAServerWhoseClockIsBehindTheNewServersRepliesAreAdopted() {
        Instance a = instances.instance(Instances.FAST_RESYNC, HUNDRED_FAILURES);
        CircuitBreaker breaker = a.breaker("failover");
        breaker.run(() -> { }); // active, so the refresher re-reads it (a failover sends no nudge)
        RedisCircuit circuit = a.circuit("failover");
        SharedSnapshot read = circuit.cache().current();
        long now = System.nanoTime();
        long hourAheadMicros = read.serverMicros() + Duration.ofHours(1).toNanos() / 1000;
        long hourAheadMillis = hourAheadMicros / 1000;
        // The last reply of the old primary, whose clock ran an hour ahead of the server that replaced it.
        circuit.cache().install(new SharedSnapshot(CircuitState.OPEN, read.version() + 1, 0, hourAheadMillis,
                hourAheadMillis + Duration.ofHours(1).toMillis(), hourAheadMicros, now, now, 0, 0, 0, 0, "old-primary",
                "CONSECUTIVE_FAILURES", 0));
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);

        await().atMost(Instances.FAST.refreshInterval().multipliedBy(10))
                .until(() -> breaker.getState() == CircuitState.CLOSED);
        assertThat(breaker.get(() -> "runs")).isEqualTo("runs");
    }

    @Test
    void ofTwoRepliesReadInTheSameMillisecondTheLaterOneWinsWhicheverArrivesLast() {
        Instance a = instances.instance(Instances.FAST, HUNDRED_FAILURES);
        RedisCircuit circuit = a.circuit("same-millisecond");
        ScriptRunner runner = a.store.runner();
        String[] keys = CircuitKeys.of(Instances.FAST.keyPrefix(), "same-millisecond").asArray();
        long seq = 0;
        ScriptReply first;
        ScriptReply second;
        do { // pipelined on loopback, two scripts nearly always run within one server millisecond
            long sent = System.nanoTime();
            CompletableFuture<Object> one = runner.submitRaw(RedisScripts.FLUSH, keys,
                    RedisScriptsTest.flushArgs(circuit, ++seq, 1, 100, 0, 0, 0));
            CompletableFuture<Object> two = runner.submitRaw(RedisScripts.FLUSH, keys,
                    RedisScriptsTest.flushArgs(circuit, ++seq, 1, 100, 0, 0, 0));
            first = FlushReply.parse(runner.await(one, runner.timeout().toNanos()), sent, System.nanoTime(), 0, -1).reply();
            second = FlushReply.parse(runner.await(two, runner.timeout().toNanos()), sent, System.nanoTime(), 0, -1).reply();
        } while (first.snapshot().serverMicros() / 1000 != second.snapshot().serverMicros() / 1000);
        assertThat(second.snapshot().version()).isEqualTo(first.snapshot().version());

        circuit.cache().install(second.snapshot());
        circuit.cache().install(first.snapshot()); // arrives last, but Redis ran it first

        assertThat(circuit.cache().current().serverMicros()).isEqualTo(second.snapshot().serverMicros())
                .isGreaterThan(first.snapshot().serverMicros());
    }
}
