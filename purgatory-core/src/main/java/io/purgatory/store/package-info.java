/**
 * The storage SPI: where circuit state lives ({@link io.purgatory.store.CircuitStore}), with the
 * default in-memory implementation.
 */
package io.purgatory.store;
