/**
 * The Spring side of the annotated-method benchmarks: one small application context per contender,
 * each built from its starter's own auto-configuration, and a service with the same method bodies
 * in each.
 *
 * <p>{@link io.purgatory.benchmarks.spring.SpringApps} holds the JMH states that start and close the
 * contexts; {@link io.purgatory.benchmarks.spring.BenchmarkContexts} says what each context contains.
 * {@link io.purgatory.benchmarks.spring.StoreApps} holds those of the store benchmarks (in-memory and
 * Redis store, the latter with its private Redis server).
 * Only the class path is shared: Actuator is absent and no context has a {@code MeterRegistry}, so
 * neither starter adds metrics (Resilience4j's starter brings {@code micrometer-core} as a
 * dependency; without a registry bean its metrics auto-configuration stays off, as Purgatory's does).
 */
package io.purgatory.benchmarks.spring;
