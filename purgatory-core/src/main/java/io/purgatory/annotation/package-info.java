/**
 * The {@link io.purgatory.annotation.CircuitBreaker} annotation, read by the Spring Boot starter.
 */
package io.purgatory.annotation;
