/**
 * Ahead-of-time support: the reflection and resource hints a native image needs for what the
 * starter reaches reflectively (fallback methods, exception classes named in YAML, the Redis Lua
 * scripts, the actuator endpoint's JSON bodies).
 */
package io.purgatory.autoconfigure.aot;
