package io.purgatory.autoconfigure;

import io.purgatory.CircuitBreakerFactory;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of runtime reconfiguration: the {@link PurgatoryConfigurationRefresher} that
 * applies a changed {@code purgatory.*} to the running breakers, and, when Spring Cloud Context is
 * present, the listener that calls it on each {@code EnvironmentChangeEvent}. Only for the
 * auto-configured factory: a factory of your own gets nothing from {@code purgatory.*}, at start-up or later.
 */
@AutoConfiguration(after = PurgatoryAutoConfiguration.class)
@ConditionalOnBean(name = PurgatoryRefreshAutoConfiguration.FACTORY_BEAN)
@ConditionalOnBooleanProperty(name = "purgatory.refresh.enabled", matchIfMissing = true)
public class PurgatoryRefreshAutoConfiguration implements BeanClassLoaderAware {

    /** The name of the auto-configured {@link CircuitBreakerFactory} bean. */
    static final String FACTORY_BEAN = "purgatoryCircuitBreakerFactory";

    private ClassLoader beanClassLoader = PurgatoryRefreshAutoConfiguration.class.getClassLoader();

    /** Exclude class names are the application's: resolved with the loader of its beans, as at start-up. */
    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.beanClassLoader = classLoader;
    }

    @Bean
    @ConditionalOnMissingBean
    PurgatoryConfigurationRefresher purgatoryConfigurationRefresher(CircuitBreakerFactory circuitBreakerFactory,
            Environment environment, ObjectProvider<ConfigurationRefreshListener> listeners) {
        return new PurgatoryConfigurationRefresher(circuitBreakerFactory, environment, beanClassLoader, listeners);
    }

    /** Spring Cloud's environment changes, reached by name so that Spring Cloud stays optional. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = EnvironmentChangeRefresh.EVENT)
    static class SpringCloudEnvironmentChanges {

        @Bean
        @ConditionalOnMissingBean
        static EnvironmentChangeRefresh purgatoryEnvironmentChangeRefresh(
                ObjectProvider<PurgatoryConfigurationRefresher> refresher) {
            return new EnvironmentChangeRefresh(refresher);
        }
    }
}
