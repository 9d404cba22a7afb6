package io.purgatory.autoconfigure.aot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.core.io.support.SpringFactoriesLoader;

class AotFactoriesTest {

    private final SpringFactoriesLoader aotFactories = SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories");

    @Test
    void registersTheRuntimeHintsRegistrars() {
        assertThat(aotFactories.load(RuntimeHintsRegistrar.class))
                .hasAtLeastOneElementOfType(EndpointRuntimeHints.class)
                .hasAtLeastOneElementOfType(RedisScriptsRuntimeHints.class);
    }

    @Test
    void registersTheBeanFactoryProcessor() {
        assertThat(aotFactories.load(BeanFactoryInitializationAotProcessor.class))
                .hasAtLeastOneElementOfType(CircuitBreakerAotProcessor.class);
    }
}
