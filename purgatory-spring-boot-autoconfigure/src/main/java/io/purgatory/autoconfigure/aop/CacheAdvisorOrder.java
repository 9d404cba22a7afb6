package io.purgatory.autoconfigure.aop;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cache.interceptor.BeanFactoryCacheOperationSourceAdvisor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;

/**
 * Places Spring's cache advice ({@code @Cacheable} and the rest) just outside the circuit breaker's
 * when the application left it at Spring's default order: a cache hit is not a call to the
 * dependency, so it must neither count as a success nor be rejected while the circuit is open. Both
 * advices would otherwise fall back on orders that put the breaker outside, and no order of the
 * breaker's own can come after Spring's default. An order chosen with
 * {@code @EnableCaching(order = ...)} is kept. Immutable; thread-safe.
 */
final class CacheAdvisorOrder implements BeanPostProcessor, PriorityOrdered {

    private final int breakerOrder;

    /**
     * Creates the post-processor.
     *
     * @param breakerOrder the circuit-breaker advisor's order ({@code purgatory.aspect.order})
     */
    CacheAdvisorOrder(int breakerOrder) {
        this.breakerOrder = breakerOrder;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        // Runs after @EnableCaching's configuration has set its order on the advisor.
        if (bean instanceof BeanFactoryCacheOperationSourceAdvisor cache && cache.getOrder() == Ordered.LOWEST_PRECEDENCE
                && breakerOrder != Ordered.HIGHEST_PRECEDENCE) {
            cache.setOrder(breakerOrder - 1);
        }
        return bean;
    }

    /** Registered before the auto-proxy creator, which creates every advisor as soon as it runs. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
