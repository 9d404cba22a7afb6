/**
 * The {@code purgatory} health component on Boot 4 (health types in {@code spring-boot-health}),
 * compiled against that module. Loaded only on Boot 4.
 */
package io.purgatory.autoconfigure.health.boot4;
