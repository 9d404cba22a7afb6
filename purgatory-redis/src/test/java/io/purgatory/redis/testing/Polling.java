package io.purgatory.redis.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded polling with short sleeps, for the harness's own waits (tests use Awaitility); stateless and thread-safe.
 */
final class Polling {

    private static final long INTERVAL_MILLIS = 10;

    private Polling() {
    }

    /**
     * @param diagnostics appended to the timeout message, e.g. the redis-server log tail
     * @throws IllegalStateException if the condition is still false after the timeout
     */
    static void until(Duration timeout, BooleanSupplier condition, String what, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(
                        "Timed out after " + timeout + " waiting for " + what + diagnostics.get());
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for " + what, ex);
            }
        }
    }

}
