/**
 * Spring Boot auto-configuration of Purgatory's core: properties, their validation and the factory.
 */
package io.purgatory.autoconfigure;
