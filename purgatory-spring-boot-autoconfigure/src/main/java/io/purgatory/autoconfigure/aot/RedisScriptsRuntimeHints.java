package io.purgatory.autoconfigure.aot;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * Registers the Redis store's Lua scripts as resources when {@code purgatory-redis} is on the
 * classpath: the store reads them with {@code getResourceAsStream}. Stateless; thread-safe.
 */
final class RedisScriptsRuntimeHints implements RuntimeHintsRegistrar {

    /** Where {@code io.purgatory.redis.RedisScripts} loads its scripts from. */
    static final String SCRIPTS = "io/purgatory/redis/*.lua";

    // By name: purgatory-redis is optional, and this registrar is loaded whether or not it is present.
    private static final String REDIS_STORE = "io.purgatory.redis.RedisCircuitStore";

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        if (ClassUtils.isPresent(REDIS_STORE, classLoader)) {
            hints.resources().registerPattern(SCRIPTS);
        }
    }
}
