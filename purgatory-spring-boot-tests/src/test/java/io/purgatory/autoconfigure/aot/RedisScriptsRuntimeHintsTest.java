package io.purgatory.autoconfigure.aot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.resource;

import io.purgatory.redis.RedisCircuitStore;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.boot.test.context.FilteredClassLoader;

class RedisScriptsRuntimeHintsTest {

    @Test
    void registersTheLuaScriptsWhenTheRedisStoreIsPresent() {
        RuntimeHints hints = new RuntimeHints();

        new RedisScriptsRuntimeHints().registerHints(hints, getClass().getClassLoader());

        assertThat(resource().forResource("io/purgatory/redis/prelude.lua")).accepts(hints);
        assertThat(resource().forResource("io/purgatory/redis/acquire_trial.lua")).accepts(hints);
        assertThat(resource().forResource("io/purgatory/redis/RedisCircuitStore.class")).rejects(hints);
    }

    @Test
    void registersNothingWithoutTheRedisStore() {
        RuntimeHints hints = new RuntimeHints();

        new RedisScriptsRuntimeHints().registerHints(hints, new FilteredClassLoader(RedisCircuitStore.class));

        assertThat(resource().forResource("io/purgatory/redis/prelude.lua")).rejects(hints);
    }
}
