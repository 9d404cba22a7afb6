package io.purgatory.autoconfigure.redis;

import io.purgatory.redis.RedisCircuitStore;
import io.purgatory.redis.RedisStoreSettings;
import io.lettuce.core.RedisClient;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.store.CircuitStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Auto-configuration of the Redis store ({@code purgatory.store.type=redis}): breaker state shared
 * by every instance through the application's Redis, with the breaker's own short-timeout connection.
 */
// Boot's Redis auto-configuration by name: Boot 4 moved and renamed it.
@AutoConfiguration(before = PurgatoryAutoConfiguration.class, afterName = {
        "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnClass({RedisConnectionFactory.class, LettuceConnectionFactory.class, RedisClient.class,
        RedisCircuitStore.class})
@ConditionalOnBooleanProperty(name = "purgatory.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "purgatory.store.type", havingValue = "redis")
@ConditionalOnBean(RedisConnectionFactory.class)
@EnableConfigurationProperties(PurgatoryRedisProperties.class)
public class PurgatoryRedisAutoConfiguration {

    private static final Log logger = LogFactory.getLog(PurgatoryRedisAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(CircuitStore.class)
    RedisCircuitStore purgatoryRedisCircuitStore(RedisConnectionFactory connectionFactory,
            PurgatoryRedisProperties properties, Environment environment) {
        if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
            throw new IllegalStateException("purgatory.store.type=redis needs Lettuce, but the RedisConnectionFactory is a "
                    + connectionFactory.getClass().getName() + "; use spring-boot-starter-data-redis's default client "
                    + "(Lettuce) or define your own CircuitStore bean");
        }
        RedisStoreSettings settings = properties.toSettings(environment.getProperty("spring.application.name"));
        if (KeyPrefixes.isUnchosenBareDefault(properties.getKeyPrefix(), settings.keyPrefix())) {
            logger.warn("Purgatory's Redis store uses the bare key prefix '" + KeyPrefixes.BARE + "': every application "
                    + "on this Redis without a name shares circuits of the same name with this one. Set "
                    + "spring.application.name (the prefix becomes 'purgatory:<name>') or purgatory.store.redis.key-prefix.");
        }
        return new RedisCircuitStore(BreakerConnections.from(lettuce, settings), settings);
    }
}
