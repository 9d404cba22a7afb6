package io.purgatory.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link RedisClosedPathBenchmark} on two threads calling the same breaker at once. Two threads
 * because the reference machine has two cores; any other count: run {@code RedisClosedPathBenchmark}
 * with JMH's {@code -t N}.
 */
@Threads(2)
public class RedisClosedPathContendedBenchmark extends RedisClosedPathBenchmark {
}
