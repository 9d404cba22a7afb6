package io.purgatory.autoconfigure.aop;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Makes sure an auto-proxy creator exists, as {@code @EnableCaching} does, so the advisor applies even
 * when Boot's own AOP auto-configuration is switched off or configured for JDK proxies without
 * AspectJ. An existing, more capable creator (AspectJ's) is kept. {@code spring.aop.proxy-target-class}
 * is honoured as Boot's AOP auto-configuration honours it. Used once at start-up; not shared between threads.
 */
class AutoProxyRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

    private static final String PROXY_TARGET_CLASS = "spring.aop.proxy-target-class";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
        boolean creatorExisted = registry.containsBeanDefinition(AopConfigUtils.AUTO_PROXY_CREATOR_BEAN_NAME);
        AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
        Boolean proxyTargetClass = environment.getProperty(PROXY_TARGET_CLASS, Boolean.class);
        // Unset means Boot's default (class proxies) for a creator of our own; an existing creator's owner
        // (Boot's AOP auto-configuration or an @Enable... annotation) has already decided.
        if (Boolean.TRUE.equals(proxyTargetClass) || (proxyTargetClass == null && !creatorExisted)) {
            AopConfigUtils.forceAutoProxyCreatorToUseClassProxying(registry);
        }
    }
}
