/**
 * The opt-in {@code purgatory} health contributor: one component per breaker, standard statuses only.
 */
package io.purgatory.autoconfigure.health;
