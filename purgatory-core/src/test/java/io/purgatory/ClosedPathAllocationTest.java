package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A successful call in CLOSED allocates nothing, also after the breaker was reconfigured (its settings
 * and derived fields are then read through volatile fields). Measured with the JVM's per-thread
 * allocation counter over many calls, so that one allocation per call could not hide in the slack.
 */
class ClosedPathAllocationTest {

    private static final int CALLS = 200_000;
    /** One object per call would be at least 16 bytes a call, 3.2 MB; the counter itself and the JIT cost a few KB. */
    private static final long BOUND = 64 * 1024;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long allocatedByCalls(CircuitPermits permits) {
        for (int i = 0; i < CALLS; i++) { // warm-up: classes loaded, striped adders settled
            permits.onSuccess(permits.tryAcquire(), permits.callStart());
        }
        long before = allocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            permits.onSuccess(permits.tryAcquire(), permits.callStart());
        }
        return allocatedBytes() - before;
    }

    @Test
    void aClosedSuccessAllocatesNothingBeforeOrAfterAReconfiguration() {
        assumeThat(ManagementFactory.getThreadMXBean()).isInstanceOf(com.sun.management.ThreadMXBean.class);
        CircuitBreakerFactory factory = CircuitBreakerFactory.builder().timeSource(new ManualTimeSource()).build();
        CircuitBreaker plain = factory.getBreaker("plain");
        CircuitBreaker windowed = factory.getBreaker("windowed");

        assertThat(allocatedByCalls(plain.permits())).as("bytes for %s calls", CALLS).isLessThan(BOUND);

        factory.reconfigure("plain", CircuitBreakerConfig.builder().threshold(9).build());
        factory.reconfigure("windowed", CircuitBreakerConfig.builder()
                .window(RateWindow.builder().countBased(10).minimumCalls(10).failureRateThreshold(50).build()).build());

        assertThat(allocatedByCalls(plain.permits())).as("bytes for %s calls after a change", CALLS).isLessThan(BOUND);
        assertThat(allocatedByCalls(windowed.permits())).as("bytes for %s windowed calls", CALLS).isLessThan(BOUND);
    }
}
