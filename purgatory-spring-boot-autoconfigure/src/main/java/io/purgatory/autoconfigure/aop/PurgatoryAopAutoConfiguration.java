package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.autoconfigure.PurgatoryProperties;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@code @CircuitBreaker} advice: an infrastructure {@link Advisor} (so any
 * auto-proxy creator picks it up, with or without AspectJ), the start-up check of every guarded
 * method, the annotation excludes, and the cache advice's place outside the breaker.
 */
@AutoConfiguration(after = {PurgatoryAutoConfiguration.class, AopAutoConfiguration.class})
@ConditionalOnClass(Advisor.class)
@ConditionalOnBooleanProperty(name = "purgatory.enabled", matchIfMissing = true)
@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
@Import(AutoProxyRegistrar.class)
public class PurgatoryAopAutoConfiguration {

    /** The bean name of the advisor. */
    public static final String ADVISOR_BEAN_NAME = "purgatoryCircuitBreakerAdvisor";

    @Bean
    @ConditionalOnMissingBean
    static AnnotationExcludes purgatoryAnnotationExcludes() {
        return new AnnotationExcludes();
    }

    @Bean
    @ConditionalOnMissingBean
    static CircuitBreakerMethodsValidator purgatoryCircuitBreakerMethodsValidator(AnnotationExcludes excludes) {
        return new CircuitBreakerMethodsValidator(excludes);
    }

    @Bean(ADVISOR_BEAN_NAME)
    @ConditionalOnMissingBean(name = ADVISOR_BEAN_NAME)
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor purgatoryCircuitBreakerAdvisor(ObjectProvider<CircuitBreakerFactory> factory, Environment environment) {
        // The factory is looked up on the first guarded call, so creating the advisor early (as every
        // auto-proxy creator does) does not drag the factory and its listeners into early creation.
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new CircuitBreakerPointcut(),
                new CircuitBreakerInterceptor(factory));
        advisor.setOrder(aspectOrder(environment));
        return advisor;
    }

    @Bean
    @ConditionalOnMissingBean
    static CacheAdvisorOrder purgatoryCacheAdvisorOrder(Environment environment) {
        return new CacheAdvisorOrder(aspectOrder(environment));
    }

    // Read from the environment, not the bound properties: these beans are created before any bean binding runs.
    private static int aspectOrder(Environment environment) {
        return environment.getProperty("purgatory.aspect.order", Integer.class, PurgatoryProperties.DEFAULT_ASPECT_ORDER);
    }
}
