package io.purgatory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.purgatory.CallOutcome;
import io.purgatory.CallStatistics;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitOpenException;
import io.purgatory.redis.Instances.Instance;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of virtual-thread callers on one Redis-backed breaker, with Redis paused mid-run: every
 * outcome is counted exactly once and no call waits longer than the command timeout. Runs where the
 * JDK has virtual threads (21+; CI runs it on JDK 25); JDK 17 has none, so there it is skipped.
 */
@WithRedisServer
class RedisVirtualThreadsTest {

    static final int CALLERS = 400;
    static final int CALLS_EACH = 50;

    /** No threshold is reached: every failure in CLOSED goes to Redis, the slowest path a caller can take. */
    static final CircuitBreakerConfig NEVER_TRIPS = CircuitBreakerConfig.builder().threshold(Integer.MAX_VALUE)
            .ttl(Duration.ofHours(1)).build();

    /**
     * The command timeout (200 ms) plus room for scheduling: a call woken at its timeout waits for one of
     * only two carrier threads among {@value #CALLERS} runnable virtual threads. A caller blocked by Redis
     * itself (a pinned carrier, a wait without the timeout) would take the whole 3 s pause.
     */
    static final Duration LONGEST_CALL = Instances.FAST.commandTimeout().plusMillis(300);

    final RedisServer redis;
    Instances instances;

    RedisVirtualThreadsTest(RedisServer redis) {
        this.redis = redis;
    }

    @BeforeEach
    void freshServer() {
        assumeThat(Runtime.version().feature()).as("virtual threads need JDK 21+").isGreaterThanOrEqualTo(21);
        assumeThat(redis.isManaged()).as("needs a redis-server this test may pause").isTrue();
        redis.flushAll();
        instances = new Instances(redis);
    }

    @AfterEach
    void close() throws Exception {
        if (instances != null) {
            redis.ensureRunning();
            instances.close();
        }
    }

    @Test
    void virtualThreadCallersAreCountedExactlyAndNeverWaitLongerThanTheCommandTimeout() throws Exception {
        Instance a = instances.instance(Instances.FAST, NEVER_TRIPS);
        CircuitBreaker breaker = a.breaker("virtual");
        AtomicLong successes = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong rejections = new AtomicLong();
        LongAccumulator longest = new LongAccumulator(Math::max, 0);
        CountDownLatch halfway = new CountDownLatch(CALLERS * CALLS_EACH / 2);

        ExecutorService callers = newVirtualThreadPerTaskExecutor();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                running.add(callers.submit(() -> {
                    for (int i = 0; i < CALLS_EACH; i++) {
                        boolean fails = i % 2 == 0;
                        long start = System.nanoTime();
                        try {
                            breaker.run(() -> {
                                if (fails) {
                                    throw new IllegalStateException("body");
                                }
                            });
                            successes.incrementAndGet();
                        } catch (IllegalStateException expected) {
                            failures.incrementAndGet();
                        } catch (CircuitOpenException rejected) {
                            rejections.incrementAndGet();
                        }
                        longest.accumulate(System.nanoTime() - start);
                        halfway.countDown();
                    }
                }));
            }
            assertThat(halfway.await(60, TimeUnit.SECONDS)).as("half the calls made").isTrue();
            redis.pause(Duration.ofSeconds(3));
            for (Future<?> caller : running) {
                caller.get(60, TimeUnit.SECONDS);
            }
        } finally {
            callers.shutdownNow();
        }

        CallStatistics statistics = breaker.getStatistics();
        assertThat(successes.get() + failures.get() + rejections.get()).isEqualTo((long) CALLERS * CALLS_EACH);
        assertThat(failures.get()).isEqualTo((long) CALLERS * CALLS_EACH / 2); // the body ran every time
        assertThat(statistics.count(CallOutcome.SUCCESS)).isEqualTo(successes.get());
        assertThat(statistics.count(CallOutcome.FAILURE)).isEqualTo(failures.get());
        assertThat(statistics.count(CallOutcome.REJECTED)).isEqualTo(rejections.get());
        System.out.printf("[measure] longest of %d virtual-thread calls with redis %s paused mid-run: %.1f ms "
                + "(command timeout %d ms)%n", CALLERS * CALLS_EACH, redis.version(), longest.get() / 1e6,
                Instances.FAST.commandTimeout().toMillis());
        assertThat(Duration.ofNanos(longest.get())).isLessThanOrEqualTo(LONGEST_CALL);
        // No caller waited for Redis (a call in CLOSED sends nothing); the store's heartbeat noticed the pause.
        await().atMost(Duration.ofSeconds(2)).until(() -> a.store.degradedEpisodes() >= 1);
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, reached by name: this module compiles for Java 17. */
    private static ExecutorService newVirtualThreadPerTaskExecutor() throws ReflectiveOperationException {
        return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    }
}
