package io.purgatory.redis;

import static org.awaitility.Awaitility.await;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitOpenException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test fixture: threads that keep calling breakers (every tenth call fails) while a test disturbs
 * Redis, and collect every exception a caller should never see: anything but the body's own
 * failure or a rejection, and any success whose result was lost. Thread-safe.
 */
final class Callers {

    static final String BODY_FAILURE = "body";

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong calls = new AtomicLong();
    private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private final List<Future<?>> workers = new ArrayList<>();

    /**
     * Starts {@code threadsEach} callers per breaker.
     *
     * @param threads the pool to run them on
     * @param breakers the breakers to call
     * @param threadsEach callers per breaker
     * @return the running callers
     */
    static Callers start(ExecutorService threads, List<CircuitBreaker> breakers, int threadsEach) {
        Callers callers = new Callers();
        for (CircuitBreaker breaker : breakers) {
            for (int t = 0; t < threadsEach; t++) {
                callers.workers.add(threads.submit(() -> callers.call(breaker)));
            }
        }
        return callers;
    }

    private void call(CircuitBreaker breaker) {
        for (long i = 1; !stop.get(); i++) {
            boolean fails = i % 10 == 0;
            try {
                String result = breaker.get(() -> {
                    if (fails) {
                        throw new IllegalStateException(BODY_FAILURE);
                    }
                    return "ok";
                });
                if (!"ok".equals(result)) {
                    errors.add(new AssertionError("a success returned " + result));
                }
            } catch (CircuitOpenException rejected) {
                // a decision, not an error
            } catch (IllegalStateException failure) {
                if (!fails || !BODY_FAILURE.equals(failure.getMessage())) {
                    errors.add(failure);
                }
            } catch (RuntimeException | Error unexpected) {
                errors.add(unexpected);
            }
            calls.incrementAndGet();
        }
    }

    /**
     * Waits until the callers made {@code more} further calls in all.
     *
     * @param more how many
     */
    void awaitCalls(long more) {
        long target = calls.get() + more;
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= target);
    }

    /**
     * Stops the callers and returns what they should never have seen.
     *
     * @return the unexpected exceptions, empty when none
     * @throws Exception when a caller could not be joined
     */
    List<Throwable> stop() throws Exception {
        stop.set(true);
        for (Future<?> worker : workers) {
            worker.get(10, TimeUnit.SECONDS);
        }
        return List.copyOf(errors);
    }
}
