/**
 * Micrometer meters of every breaker ({@code purgatory.breaker.*}, {@code purgatory.store.*}), read
 * lazily from the breakers so that the call path does no metrics work.
 */
package io.purgatory.autoconfigure.metrics;
