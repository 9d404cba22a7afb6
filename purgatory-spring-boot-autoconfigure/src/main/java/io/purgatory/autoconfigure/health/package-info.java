/**
 * The opt-in {@code purgatory} health contributor: one component per breaker and per group of keyed
 * circuits, standard statuses only.
 */
package io.purgatory.autoconfigure.health;
