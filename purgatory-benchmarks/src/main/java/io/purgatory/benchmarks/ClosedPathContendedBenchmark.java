package io.purgatory.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link ClosedPathBenchmark} on two threads calling the same breakers at once, which shows what
 * each breaker's shared counters cost under contention. Two threads because the reference
 * machine has two cores; any other count: run {@code ClosedPathBenchmark} with JMH's {@code -t N}.
 */
@Threads(2)
public class ClosedPathContendedBenchmark extends ClosedPathBenchmark {
}
