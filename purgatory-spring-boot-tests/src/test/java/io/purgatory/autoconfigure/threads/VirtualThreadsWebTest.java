package io.purgatory.autoconfigure.threads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.purgatory.CallOutcome;
import io.purgatory.CallStatistics;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.annotation.CircuitBreaker;
import io.purgatory.autoconfigure.testing.Http;
import io.purgatory.redis.RedisCircuitStore;
import io.purgatory.redis.testing.RedisServer;
import io.purgatory.redis.testing.WithRedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A web application with {@code spring.threads.virtual.enabled=true} and the Redis store: hundreds of
 * concurrent requests, each served on a virtual thread, call one annotated breaker while Redis is
 * paused mid-run. Every call is counted exactly once and none waits anywhere near the pause: at most the
 * store's command timeout plus scheduling slack. Needs JDK 21+ (CI runs it on JDK 25); JDK 17 has no virtual threads.
 */
@WithRedisServer
class VirtualThreadsWebTest {

    static final int REQUESTS = 600;
    static final Duration COMMAND_TIMEOUT = Duration.ofMillis(200);
    /**
     * The timeout plus room for scheduling: each request's thread shares two cores with Tomcat, 32 client
     * threads and redis-server (CI runs measured 502 ms and 801 ms; where the rest of the 801 ms went was not
     * pinned down). A call held by Redis itself, a pinned carrier or a wait without the timeout, would take
     * the whole 6 s pause, three times this bound.
     */
    static final Duration LONGEST_CALL = COMMAND_TIMEOUT.plusMillis(1800);
    static final Duration PAUSE = Duration.ofSeconds(6);

    final RedisServer redis;

    VirtualThreadsWebTest(RedisServer redis) {
        this.redis = redis;
    }

    @Test
    void virtualThreadRequestsAreCountedExactlyWhileRedisPauses() throws Exception {
        assumeThat(Runtime.version().feature()).as("virtual threads need JDK 21+").isGreaterThanOrEqualTo(21);
        assumeThat(redis.isManaged()).as("needs a redis-server this test may pause").isTrue();
        redis.flushAll();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(VirtualThreadsApp.class).properties(
                "server.port=0", "spring.threads.virtual.enabled=true",
                "spring.data.redis.host=" + redis.host(), "spring.data.redis.port=" + redis.port(),
                "purgatory.store.type=redis", "purgatory.store.redis.key-prefix=purgatory-virtual",
                "purgatory.store.redis.command-timeout=" + COMMAND_TIMEOUT.toMillis() + "ms",
                "purgatory.store.redis.refresh-interval=100ms",
                "purgatory.breakers.flaky.threshold=" + Integer.MAX_VALUE).run()) {
            Http http = new Http(app.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
            Map<String, AtomicInteger> replies = new ConcurrentHashMap<>();
            CountDownLatch halfway = new CountDownLatch(REQUESTS / 2);
            ExecutorService clients = Executors.newFixedThreadPool(32);
            try {
                List<Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    int n = i;
                    sent.add(clients.submit(() -> {
                        try {
                            String body = http.get("/flaky/" + (n % 2 == 0 ? "fail" : "ok")).hasStatus(200).body();
                            replies.computeIfAbsent(body, any -> new AtomicInteger()).incrementAndGet();
                        } finally {
                            halfway.countDown();
                        }
                    }));
                }
                assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();
                redis.pause(PAUSE);
                for (Future<?> request : sent) {
                    request.get(60, TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
                redis.ensureRunning();
            }

            FlakyController service = app.getBean(FlakyController.class);
            CallStatistics statistics = app.getBean(CircuitBreakerFactory.class).getBreaker("flaky").getStatistics();
            assertThat(service.platformThreadCalls.get()).as("calls served on platform threads").isZero();
            assertThat(replies.get("ok")).hasValue(REQUESTS / 2);
            assertThat(replies.get("fallback")).hasValue(REQUESTS / 2); // no rejection: the threshold is never reached
            assertThat(statistics.count(CallOutcome.SUCCESS)).isEqualTo(REQUESTS / 2);
            assertThat(statistics.count(CallOutcome.FAILURE)).isEqualTo(REQUESTS / 2);
            assertThat(statistics.count(CallOutcome.REJECTED)).isZero();
            // No call waits for Redis in CLOSED; the store's heartbeat noticed the pause.
            await().atMost(Duration.ofSeconds(2))
                    .until(() -> app.getBean(RedisCircuitStore.class).degradedEpisodes() >= 1);
            System.out.printf("[measure] longest of %d annotated calls on virtual threads, redis %s paused mid-run: "
                    + "%.1f ms (command timeout %d ms)%n", REQUESTS, redis.version(), service.longest.get() / 1e6,
                    COMMAND_TIMEOUT.toMillis());
            assertThat(Duration.ofNanos(service.longest.get())).isLessThanOrEqualTo(LONGEST_CALL);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class VirtualThreadsApp {

        @Bean
        FlakyService flakyService() {
            return new FlakyService();
        }

        @Bean
        FlakyController flakyController(FlakyService service) {
            return new FlakyController(service);
        }
    }

    @RestController
    static class FlakyController {

        // Measured here, not in the service: the service is a proxy, whose own fields are not the target's.
        final AtomicInteger platformThreadCalls = new AtomicInteger();
        final LongAccumulator longest = new LongAccumulator(Math::max, 0);
        private final FlakyService service;

        FlakyController(FlakyService service) {
            this.service = service;
        }

        @GetMapping("/flaky/{mode}")
        String call(@PathVariable("mode") String mode) {
            if (!isVirtual(Thread.currentThread())) {
                platformThreadCalls.incrementAndGet();
            }
            long start = System.nanoTime();
            try {
                return service.call(mode); // the breaker runs on this thread
            } finally {
                longest.accumulate(System.nanoTime() - start);
            }
        }

        /** {@code Thread.isVirtual()}, by name: this code compiles for Java 17 too. */
        private static boolean isVirtual(Thread thread) {
            try {
                return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
            } catch (ReflectiveOperationException e) {
                return false;
            }
        }
    }

    @Service
    static class FlakyService {

        @CircuitBreaker(value = "flaky", fallbackMethod = "fallback")
        public String call(String mode) {
            if (mode.equals("fail")) {
                throw new IllegalStateException("downstream failed");
            }
            return "ok";
        }

        String fallback(String mode, IllegalStateException failure) {
            return "fallback";
        }
    }
}
