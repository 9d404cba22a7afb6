/**
 * Spring Cloud Gateway's {@code CircuitBreaker} route filter on Purgatory's reactive factory (the gateway ships
 * that filter only for Resilience4j).
 */
package io.purgatory.springcloud.gateway;
