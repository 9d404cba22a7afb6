/**
 * Micrometer meters of every breaker ({@code purgatory.breaker.*}, {@code purgatory.store.*}), read
 * lazily from the breakers so that the call path does no metrics work, unless a latency distribution
 * of the calls is asked for.
 */
package io.purgatory.autoconfigure.metrics;
