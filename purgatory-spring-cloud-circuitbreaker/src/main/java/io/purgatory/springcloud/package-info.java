/**
 * Spring Cloud CircuitBreaker on Purgatory: the blocking and reactive factories, whose ids are Purgatory circuit
 * names, their configuration hook, and their auto-configuration.
 */
package io.purgatory.springcloud;
