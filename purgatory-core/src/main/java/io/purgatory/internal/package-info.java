/**
 * Implementation of the in-memory state machine: one small immutable class per state, swapped
 * atomically by {@link io.purgatory.internal.LocalCircuit}. Not API.
 */
package io.purgatory.internal;
