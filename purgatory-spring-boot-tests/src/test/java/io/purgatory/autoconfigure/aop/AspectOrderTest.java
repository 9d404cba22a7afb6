package io.purgatory.autoconfigure.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.CallOutcome;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.annotation.CircuitBreaker;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.atomic.AtomicInteger;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** With a retry aspect at Resilience4j's retry order, one logical call counts once by default. */
class AspectOrderTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PurgatoryAutoConfiguration.class,
                    PurgatoryAopAutoConfiguration.class))
            .withUserConfiguration(RetryingSetup.class)
            .withPropertyValues("purgatory.defaults.threshold=3");

    @Test
    void breakerWrapsRetrySoOneLogicalCallCountsOnce() {
        runner.run(context -> {
            Flaky flaky = context.getBean(Flaky.class);
            assertThatThrownBy(flaky::call).isInstanceOf(IllegalStateException.class);
            assertThat(flaky.attempts()).isEqualTo(3);
            var breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("flaky");
            assertThat(breaker.getStatistics().count(CallOutcome.FAILURE)).isEqualTo(1);
            assertThat(breaker.getConsecutiveFailures()).isEqualTo(1);
        });
    }

    @Test
    void anInnerBreakerCountsEveryAttemptWhenOrderedInsideTheRetry() {
        runner.withPropertyValues("purgatory.aspect.order=" + Ordered.LOWEST_PRECEDENCE).run(context -> {
            Flaky flaky = context.getBean(Flaky.class);
            assertThatThrownBy(flaky::call).isInstanceOf(Exception.class);
            var breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("flaky");
            assertThat(breaker.getStatistics().count(CallOutcome.FAILURE)).isEqualTo(3);
        });
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Retried {
    }

    /** Retries three times, at the order Resilience4j gives its retry aspect. */
    @Aspect
    @Order(Ordered.LOWEST_PRECEDENCE - 5)
    static class RetryAspect {
        @Around("@annotation(io.purgatory.autoconfigure.aop.AspectOrderTest.Retried)")
        Object retry(ProceedingJoinPoint call) throws Throwable {
            Throwable last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    return call.proceed();
                } catch (IllegalStateException e) {
                    last = e;
                }
            }
            throw last;
        }
    }

    static class Flaky {
        private final AtomicInteger attempts = new AtomicInteger();

        @Retried
        @CircuitBreaker("flaky")
        public String call() {
            attempts.incrementAndGet();
            throw new IllegalStateException("flaky");
        }

        public int attempts() {
            return attempts.get();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RetryingSetup {
        @Bean
        RetryAspect retryAspect() {
            return new RetryAspect();
        }

        @Bean
        Flaky flaky() {
            return new Flaky();
        }
    }
}
