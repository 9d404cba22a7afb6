package io.purgatory.autoconfigure;

import io.purgatory.CircuitBreakerConfigCustomizer;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.InvalidPurgatoryPropertiesException.Violation;
import io.purgatory.event.CircuitBreakerListener;
import io.purgatory.store.CircuitStore;
import io.purgatory.store.InMemoryCircuitStore;
import java.util.List;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of Purgatory's core: the {@link CircuitBreakerFactory} built from
 * {@code purgatory.*}, the in-memory store, listeners and customizers.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "purgatory.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PurgatoryProperties.class)
public class PurgatoryAutoConfiguration implements BeanClassLoaderAware {

    private ClassLoader beanClassLoader = PurgatoryAutoConfiguration.class.getClassLoader();

    /**
     * Exclude class names in YAML name the application's classes, so they are resolved with the loader that
     * loads its beans: under DevTools' restart class loader or a WAR's web-app loader, the starter's own
     * loader cannot see them.
     */
    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.beanClassLoader = classLoader;
    }

    @Bean
    @ConditionalOnMissingBean(CircuitStore.class)
    @ConditionalOnProperty(name = "purgatory.store.type", havingValue = "memory", matchIfMissing = true)
    InMemoryCircuitStore purgatoryInMemoryCircuitStore() {
        return new InMemoryCircuitStore();
    }

    /**
     * The validated {@code purgatory.*} configuration: a bean of its own, so that invalid values stop
     * the start whichever {@link CircuitBreakerFactory} is in use, the user's own included.
     */
    @Bean
    @ConditionalOnMissingBean
    BreakerConfigMapper.MappedConfig purgatoryMappedConfig(PurgatoryProperties properties, Environment environment) {
        PropertyOrigins origins = new PropertyOrigins(environment);
        return BreakerConfigMapper.map(properties, beanClassLoader, UnknownBreakerKeys.in(environment),
                origins::of);
    }

    @Bean
    @ConditionalOnMissingBean
    // Not "circuitBreakerFactory": that is the name Spring Cloud CircuitBreaker users give their own factory.
    CircuitBreakerFactory purgatoryCircuitBreakerFactory(PurgatoryProperties properties, BreakerConfigMapper.MappedConfig config,
            ObjectProvider<CircuitStore> store, ObjectProvider<CircuitBreakerListener> listeners,
            ObjectProvider<CircuitBreakerConfigCustomizer> customizers, ObjectProvider<TimeSource> timeSource,
            ObjectProvider<CircuitBreakerFactoryBuilderCustomizer> builderCustomizers, Environment environment) {
        CircuitBreakerFactory.Builder builder = CircuitBreakerFactory.builder()
                .defaults(config.defaults())
                .store(store.getIfAvailable(() -> missingStore(properties, environment)))
                .timeSource(timeSource.getIfAvailable(TimeSource::system));
        config.breakers().forEach(builder::breaker);
        customizers.orderedStream().forEach(builder::customizer);
        listeners.orderedStream().forEach(builder::listener);
        builderCustomizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    static ConfiguredBreakersRegistrar purgatoryConfiguredBreakersRegistrar(ObjectProvider<CircuitBreakerFactory> factory) {
        return new ConfiguredBreakersRegistrar(factory);
    }

    private static CircuitStore missingStore(PurgatoryProperties properties, Environment environment) {
        throw new InvalidPurgatoryPropertiesException(List.of(new Violation("purgatory.store.type",
                properties.getStore().getType(),
                "no store of this type is available: for 'redis' add io.purgatory:purgatory-redis and "
                        + "spring-boot-starter-data-redis so that a RedisConnectionFactory bean exists, or define your "
                        + "own CircuitStore bean", new PropertyOrigins(environment).of("purgatory.store.type"))));
    }
}
