package io.purgatory.autoconfigure.aop;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Makes sure an auto-proxy creator exists, as {@code @EnableCaching} does, so the advisor applies even
 * when Boot's own AOP auto-configuration is switched off or configured for JDK proxies without
 * AspectJ. An existing, more capable creator (AspectJ's) is kept. Stateless; thread-safe.
 */
class AutoProxyRegistrar implements ImportBeanDefinitionRegistrar {

    @Override
    public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata, BeanDefinitionRegistry registry) {
        AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
    }
}
