package io.purgatory.autoconfigure.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.CallOutcome;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitOpenException;
import io.purgatory.annotation.CircuitBreaker;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.config.CacheManagementConfigUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Spring's cache advice runs outside the breaker by default: a cache hit is not a call to the
 * dependency, so it neither counts nor is rejected while the circuit is open.
 */
class CacheOrderTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PurgatoryAutoConfiguration.class,
                    PurgatoryAopAutoConfiguration.class))
            .withUserConfiguration(CachingSetup.class);

    @Test
    void cacheHitsDoNotCountAndCachedValuesAreServedWhileOpen() {
        runner.run(context -> {
            Prices prices = context.getBean(Prices.class);
            var breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("prices");
            assertThat(prices.price("tea")).isEqualTo("tea: 1");
            assertThat(prices.price("tea")).isEqualTo("tea: 1");
            assertThat(breaker.getStatistics().count(CallOutcome.SUCCESS)).isEqualTo(1);
            breaker.open();
            assertThat(prices.price("tea")).isEqualTo("tea: 1");
            assertThatThrownBy(() -> prices.price("coffee")).isInstanceOf(CircuitOpenException.class);
            assertThat(prices.lookups()).isEqualTo(1);
            assertThat(breaker.getStatistics().count(CallOutcome.REJECTED)).isEqualTo(1);
        });
    }

    @Test
    void theCacheStaysOutsideWhenPurgatorysOrderIsConfigured() {
        runner.withPropertyValues("purgatory.aspect.order=100").run(context -> {
            assertThat(order(context.getBean(PurgatoryAopAutoConfiguration.ADVISOR_BEAN_NAME))).isEqualTo(100);
            assertThat(order(context.getBean(CacheManagementConfigUtils.CACHE_ADVISOR_BEAN_NAME))).isLessThan(100);
            Prices prices = context.getBean(Prices.class);
            prices.price("tea");
            context.getBean(CircuitBreakerFactory.class).getBreaker("prices").open();
            assertThat(prices.price("tea")).isEqualTo("tea: 1");
        });
    }

    @Test
    void anExplicitCacheOrderIsKept() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PurgatoryAutoConfiguration.class,
                        PurgatoryAopAutoConfiguration.class))
                .withUserConfiguration(InnerCachingSetup.class).run(context -> {
                    assertThat(order(context.getBean(CacheManagementConfigUtils.CACHE_ADVISOR_BEAN_NAME)))
                            .isEqualTo(Ordered.LOWEST_PRECEDENCE - 1);
                    Prices prices = context.getBean(Prices.class);
                    prices.price("tea");
                    prices.price("tea");
                    var breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("prices");
                    assertThat(breaker.getStatistics().count(CallOutcome.SUCCESS)).isEqualTo(2);
                });
    }

    private static int order(Object advisor) {
        return ((Ordered) (Advisor) advisor).getOrder();
    }

    static class Prices {
        private final AtomicInteger lookups = new AtomicInteger();

        @Cacheable("prices")
        @CircuitBreaker("prices")
        public String price(String item) {
            return item + ": " + lookups.incrementAndGet();
        }

        public int lookups() {
            return lookups.get();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CachingSetup {
        @Bean
        CacheManager cacheManager() {
            return new ConcurrentMapCacheManager();
        }

        @Bean
        Prices prices() {
            return new Prices();
        }
    }

    /** Caching placed inside the breaker on purpose: its order is larger than purgatory.aspect.order's default. */
    @Configuration(proxyBeanMethods = false)
    @EnableCaching(order = Ordered.LOWEST_PRECEDENCE - 1)
    static class InnerCachingSetup {
        @Bean
        CacheManager cacheManager() {
            return new ConcurrentMapCacheManager();
        }

        @Bean
        Prices prices() {
            return new Prices();
        }
    }
}
