package io.purgatory.benchmarks.spring;

import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.purgatory.autoconfigure.CircuitBreakerFactoryBuilderCustomizer;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.autoconfigure.aop.PurgatoryAopAutoConfiguration;
import io.purgatory.autoconfigure.redis.PurgatoryRedisAutoConfiguration;
import java.util.Map;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.MapPropertySource;

/**
 * Builds the application context of each contender the way its starter builds it: Boot's
 * {@link AopAutoConfiguration} (AspectJ auto-proxying, class-based proxies) plus the starter's own
 * auto-configuration, and one service bean. No context has Actuator or a {@code MeterRegistry}.
 * Stateless; thread-safe.
 */
public final class BenchmarkContexts {

    /** The circuit of the synchronous closed-path methods. */
    public static final String CLOSED_CIRCUIT = "closed-path";

    /** The circuit that the rejection benchmarks keep open. */
    public static final String OPEN_CIRCUIT = "rejection";

    /** The circuit of the reactive methods. */
    public static final String REACTIVE_CIRCUIT = "reactive";

    private BenchmarkContexts() {
    }

    /**
     * Returns a started context with {@link PlainService} and no aspect at all.
     *
     * @return the started context
     */
    public static ConfigurableApplicationContext plain() {
        return start(Map.of(), PlainConfiguration.class);
    }

    /**
     * Returns a started context with Boot's AOP auto-configuration, {@link NoOpAroundAspect} and {@link NoOpAdvisedService}.
     *
     * @return the started context
     */
    public static ConfigurableApplicationContext noOpAround() {
        return start(Map.of(), NoOpAroundConfiguration.class);
    }

    /**
     * Returns a started context with Boot's AOP auto-configuration, an infrastructure advisor whose
     * {@link MethodInterceptor} only proceeds, and {@link NoOpAdvisedService}: the floor of the kind of
     * advice Purgatory's starter registers.
     *
     * @return the started context
     */
    public static ConfigurableApplicationContext noOpInterceptor() {
        return start(Map.of(), NoOpInterceptorConfiguration.class);
    }

    /**
     * Returns a started context with Purgatory's auto-configuration and {@link PurgatoryService}. The
     * open circuit's ttl is an hour, so that no run reaches HALF_OPEN.
     *
     * @param recordCallDurations whether breakers time their calls, as the starter makes them do
     *     when Micrometer meters are bound; off is Purgatory's default
     * @return the started context
     */
    public static ConfigurableApplicationContext purgatory(boolean recordCallDurations) {
        Map<String, Object> properties = Map.of("purgatory.breakers." + OPEN_CIRCUIT + ".ttl", "1h");
        return recordCallDurations
                ? start(properties, PurgatoryConfiguration.class, TimedCallsConfiguration.class)
                : start(properties, PurgatoryConfiguration.class);
    }

    /**
     * Returns a started context with Resilience4j's circuit-breaker auto-configuration (which
     * includes its Reactor support) and {@link Resilience4jService}, every breaker with Resilience4j's defaults.
     *
     * @return the started context
     */
    public static ConfigurableApplicationContext resilience4j() {
        return start(Map.of(), Resilience4jConfiguration.class);
    }

    /**
     * Returns a started context with Purgatory's core auto-configuration only (no aspect) and its
     * default in-memory store: the baseline of the Redis-store benchmark, whose breakers it calls directly.
     *
     * @return the started context
     */
    public static ConfigurableApplicationContext purgatoryInMemoryStore() {
        return start(Map.of(), PurgatoryStoreConfiguration.class);
    }

    /**
     * Returns a started context with Boot's {@link RedisAutoConfiguration} (Lettuce) pointed at a Redis
     * on 127.0.0.1, Purgatory's core auto-configuration and its Redis store
     * ({@code purgatory.store.type=redis}, every {@code purgatory.store.redis.*} setting at its default,
     * the refresh interval included). No aspect, as in {@link #purgatoryInMemoryStore()}.
     *
     * @param redisPort the Redis server's port on 127.0.0.1
     * @return the started context
     */
    public static ConfigurableApplicationContext purgatoryRedisStore(int redisPort) {
        return start(Map.of("spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", redisPort,
                "purgatory.store.type", "redis"), PurgatoryRedisStoreConfiguration.class);
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties, Class<?>... configurations) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("benchmark", properties));
        context.register(configurations);
        context.refresh();
        return context;
    }

    @Configuration(proxyBeanMethods = false)
    static class PlainConfiguration {

        @Bean
        PlainService plainService() {
            return new PlainService();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(AopAutoConfiguration.class)
    static class NoOpAroundConfiguration {

        @Bean
        NoOpAroundAspect noOpAroundAspect() {
            return new NoOpAroundAspect();
        }

        @Bean
        NoOpAdvisedService noOpAroundService() {
            return new NoOpAdvisedService();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(AopAutoConfiguration.class)
    static class NoOpInterceptorConfiguration {

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static Advisor noOpInterceptorAdvisor() {
            MethodInterceptor proceed = MethodInvocation::proceed;
            return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(NoOpAdvised.class), proceed);
        }

        @Bean
        NoOpAdvisedService noOpAdvisedService() {
            return new NoOpAdvisedService();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({AopAutoConfiguration.class, PurgatoryAutoConfiguration.class,
            PurgatoryAopAutoConfiguration.class})
    static class PurgatoryConfiguration {

        @Bean
        PurgatoryService purgatoryService() {
            return new PurgatoryService();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(PurgatoryAutoConfiguration.class)
    static class PurgatoryStoreConfiguration {
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({RedisAutoConfiguration.class, PurgatoryAutoConfiguration.class,
            PurgatoryRedisAutoConfiguration.class})
    static class PurgatoryRedisStoreConfiguration {
    }

    /** What Purgatory's metrics auto-configuration contributes to the call path: timed calls, nothing else. */
    @Configuration(proxyBeanMethods = false)
    static class TimedCallsConfiguration {

        @Bean
        CircuitBreakerFactoryBuilderCustomizer recordCallDurations() {
            // The metrics auto-configuration's default: purgatory.metrics.call-duration-sampling=16.
            return builder -> builder.recordCallDurations(true).callDurationSampling(16);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({AopAutoConfiguration.class, CircuitBreakerAutoConfiguration.class})
    static class Resilience4jConfiguration {

        @Bean
        Resilience4jService resilience4jService() {
            return new Resilience4jService();
        }
    }
}
