/**
 * JMH benchmarks that measure Purgatory against Resilience4j 2.4.0 in the same JVM and run.
 *
 * <p>One class per question ({@link io.purgatory.benchmarks.ClosedPathBenchmark}: what does a
 * healthy call cost, {@link io.purgatory.benchmarks.RejectionBenchmark}: what does a rejection
 * cost, {@link io.purgatory.benchmarks.FootprintBenchmark} and {@link io.purgatory.benchmarks.Footprint}:
 * what does a breaker cost to create and to keep, {@link io.purgatory.benchmarks.AnnotatedMethodBenchmark},
 * {@link io.purgatory.benchmarks.AnnotatedRejectionBenchmark} and {@link io.purgatory.benchmarks.ReactiveMethodBenchmark}:
 * what does each annotation cost on a Spring bean, {@link io.purgatory.benchmarks.RedisClosedPathBenchmark}:
 * what does the Redis store add to a healthy call, and how many Redis commands do calls cause). Every core contender is built by
 * {@link io.purgatory.benchmarks.Contenders} and every Spring one by
 * {@link io.purgatory.benchmarks.spring.BenchmarkContexts}, so the configurations compared stay in
 * one place; benchmarks of later modules are more classes here that reuse them.
 */
package io.purgatory.benchmarks;
