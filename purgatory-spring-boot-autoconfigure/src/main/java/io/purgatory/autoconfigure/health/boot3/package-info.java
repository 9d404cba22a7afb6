/**
 * The {@code purgatory} health component on Boot 3 (health types in Actuator). Loaded only on Boot 3.
 */
package io.purgatory.autoconfigure.health.boot3;
