/**
 * Purgatory's circuit breaker: {@link io.purgatory.CircuitBreakerFactory},
 * {@link io.purgatory.CircuitBreaker}, their configuration and the open-circuit exception.
 * Plain Java 17 with no dependency.
 */
package io.purgatory;
