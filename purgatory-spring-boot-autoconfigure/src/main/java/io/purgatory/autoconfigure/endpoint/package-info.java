/**
 * The {@code purgatory} actuator endpoint: every breaker's state and settings, and forcing a state.
 */
package io.purgatory.autoconfigure.endpoint;
