package io.purgatory.redis;

import static io.purgatory.redis.RedisScriptsTest.fail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultEventLoopGroupProvider;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitState;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outcomes of asynchronous calls are recorded on the thread that completed them, often a Lettuce
 * event loop; the breaker must never wait for Redis there. One event-loop thread, shared by the
 * application's connection and the breaker's (as with Boot's shared {@code ClientResources}), makes
 * any wait a certain timeout.
 */
@WithRedisServer
class RedisEventLoopTest {

    final RedisServer redis;
    Instances instances;
    DefaultEventLoopGroupProvider oneThread;
    ClientResources oneEventLoop;
    RedisClient applicationClient;
    StatefulRedisConnection<String, String> application;

    RedisEventLoopTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void applicationConnection() {
        redis.flushAll();
        instances = new Instances(redis);
        oneThread = new DefaultEventLoopGroupProvider(1); // ClientResources.ioThreadPoolSize would insist on two
        oneEventLoop = ClientResources.builder().eventLoopGroupProvider(oneThread).build();
        applicationClient = RedisClient.create(oneEventLoop, RedisURI.create(redis.uri()));
        application = applicationClient.connect();
    }

    @AfterEach
    void close() throws Exception {
        instances.close();
        application.close();
        applicationClient.shutdown();
        oneEventLoop.shutdown();
        oneThread.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Test
    void outcomesOfCallsCompletedOnTheEventLoopReachRedisWithoutDegradingTheStore() throws Exception {
        Instance a = instances.instance(Instances.FAST, CircuitBreakerConfig.builder().threshold(2).build(), oneEventLoop);
        CircuitBreaker breaker = a.breaker("event-loop");
        String state = CircuitKeys.of(Instances.FAST.keyPrefix(), "event-loop").state();

        failOnTheEventLoop(breaker);
        await().atMost(Duration.ofSeconds(2)).until(() -> breaker.getConsecutiveFailures() == 1);
        Boolean succeededOnLoop = breaker.executeAsync(this::applicationCall).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(succeededOnLoop).isTrue();
        await().atMost(Duration.ofSeconds(2)).until(() -> breaker.getConsecutiveFailures() == 0);

        failOnTheEventLoop(breaker);
        failOnTheEventLoop(breaker); // the threshold: the trip is sent from the event loop, without waiting there
        await().atMost(Duration.ofSeconds(2)).until(() -> "OPEN".equals(redis.command("HGET", state, "state")));
        await().atMost(Duration.ofSeconds(2)).until(() -> breaker.getState() == CircuitState.OPEN);

        assertThat(a.store.degradedEpisodes()).isZero();
    }

    private void failOnTheEventLoop(CircuitBreaker breaker) {
        var failed = breaker.executeAsync(() -> applicationCall().thenApply(onLoop -> {
            throw new IllegalStateException("failed on the event loop: " + onLoop);
        }));
        assertThatThrownBy(() -> failed.toCompletableFuture().get(5, TimeUnit.SECONDS))
                .hasRootCauseMessage("failed on the event loop: true");
    }

    @Test
    void trialAskedForOnTheEventLoopGoesToTheNextCallOnceRedisGrantsIt() throws Exception {
        CircuitBreakerConfig oneFailureTrips = CircuitBreakerConfig.builder().threshold(1).ttl(Duration.ofMillis(100)).build();
        Instance a = instances.instance(Instances.FAST, oneFailureTrips, oneEventLoop);
        CircuitBreaker breaker = a.breaker("event-loop-trial");
        fail(breaker);

        long permit = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                .until(() -> onEventLoop(breaker.permits()::tryAcquire), p -> p > 0);
        onEventLoop(() -> {
            breaker.permits().onSuccess(permit, breaker.permits().callStart());
            return null;
        });

        String state = CircuitKeys.of(Instances.FAST.keyPrefix(), "event-loop-trial").state();
        await().atMost(Duration.ofSeconds(2)).until(() -> "CLOSED".equals(redis.command("HGET", state, "state")));
        assertThat(a.store.degradedEpisodes()).isZero();
    }

    @Test
    void breakerCreatedOnTheEventLoopAdoptsTheSharedStateWhenItArrives() throws Exception {
        CircuitBreakerConfig oneFailureTrips = CircuitBreakerConfig.builder().threshold(1).ttl(Duration.ofHours(1)).build();
        fail(instances.instance(Instances.FAST, oneFailureTrips).breaker("created-on-loop"));
        Instance a = instances.instance(Instances.FAST, oneFailureTrips, oneEventLoop);

        CircuitBreaker breaker = onEventLoop(() -> a.breaker("created-on-loop"));

        await().atMost(Duration.ofSeconds(2)).until(() -> breaker.getState() == CircuitState.OPEN);
        assertThat(a.store.degradedEpisodes()).isZero();
    }

    /** The application's own asynchronous command, completed on the event loop (it waits 50 ms in Redis first). */
    private java.util.concurrent.CompletableFuture<Boolean> applicationCall() {
        return application.async().blpop(0.05, "purgatory-test:nothing").toCompletableFuture()
                .thenApply(nothing -> Thread.currentThread() instanceof FastThreadLocalThread);
    }

    private <T> T onEventLoop(Supplier<T> action) throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        return applicationCall().thenApply(onLoop -> {
            assertThat(onLoop).as("on the event loop").isTrue();
            return action.get();
        }).get(5, TimeUnit.SECONDS);
    }
}
