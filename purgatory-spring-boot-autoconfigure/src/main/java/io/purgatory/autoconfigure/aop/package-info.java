/**
 * The {@code @CircuitBreaker} advice: pointcut, interceptor, return-type handling, fallbacks and
 * their start-up check.
 */
package io.purgatory.autoconfigure.aop;
