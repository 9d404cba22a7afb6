package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.RepeatedTest;

/**
 * {@link CallStatistics} start as plain fields updated by compare-and-set and move to striped adders the
 * first time two threads collide: under any interleaving, every total stays exact.
 */
class CallStatisticsConcurrencyTest {

    private static final int THREADS = 4;
    private static final int ROUNDS = 50_000;

    @RepeatedTest(3)
    void totalsStayExactWhileThreadsCollideOnEveryOutcome() throws Exception {
        CallStatistics statistics = new CallStatistics();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < ROUNDS; i++) {
                    statistics.recordSuccess(0, false, false);
                    statistics.recordSuccess(3, true, false);
                    statistics.recordSuccess(5, true, true);
                    statistics.record(CallOutcome.FAILURE, 7, true, true);
                    statistics.record(CallOutcome.EXCLUDED, 11, true, false);
                    statistics.record(CallOutcome.REJECTED, 0, false, false);
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        long calls = (long) THREADS * ROUNDS;
        assertThat(statistics.count(CallOutcome.SUCCESS)).isEqualTo(3 * calls);
        assertThat(statistics.count(CallOutcome.FAILURE)).isEqualTo(calls);
        assertThat(statistics.count(CallOutcome.EXCLUDED)).isEqualTo(calls);
        assertThat(statistics.count(CallOutcome.REJECTED)).isEqualTo(calls);
        // 8 ns timed per round, 1 timed call counted as a sample per 3 successes: 8 ns per sample, times 3 calls.
        assertThat(statistics.totalNanos(CallOutcome.SUCCESS)).isEqualTo(24 * calls);
        assertThat(statistics.totalNanos(CallOutcome.FAILURE)).isEqualTo(7 * calls);
        assertThat(statistics.totalNanos(CallOutcome.EXCLUDED)).isEqualTo(11 * calls);
        assertThat(statistics.totalNanos(CallOutcome.REJECTED)).isZero();
    }
}
