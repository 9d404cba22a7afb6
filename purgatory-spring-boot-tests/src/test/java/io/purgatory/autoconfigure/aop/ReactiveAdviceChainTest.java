package io.purgatory.autoconfigure.aop;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CallOutcome;
import io.purgatory.CallStatistics;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.annotation.CircuitBreaker;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.annotation.AfterReturning;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.Before;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A user's own AspectJ advice ordered inside Purgatory's runs at subscription time for Mono and Flux
 * methods, within the AOP invocation context, on every subscription.
 */
class ReactiveAdviceChainTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PurgatoryAutoConfiguration.class,
                    PurgatoryAopAutoConfiguration.class))
            .withUserConfiguration(AuditedSetup.class);

    @Test
    void innerBeforeAndAfterReturningAdviceRunOnEverySubscriptionOfAMonoMethod() {
        runner.run(context -> {
            Mono<String> mono = context.getBean(Catalog.class).price("tea");
            StepVerifier.create(mono).expectNext("price of tea").verifyComplete();
            StepVerifier.create(mono).expectNext("price of tea").verifyComplete();
            assertThat(context.getBean(AuditAspect.class).seen)
                    .containsExactly("before price(tea)", "returned price", "before price(tea)", "returned price");
            assertThat(statistics(context, "audited-mono").count(CallOutcome.SUCCESS)).isEqualTo(2);
            assertThat(statistics(context, "audited-mono").count(CallOutcome.FAILURE)).isZero();
        });
    }

    @Test
    void innerBeforeAndAfterReturningAdviceRunOnEverySubscriptionOfAFluxMethod() {
        runner.run(context -> {
            Flux<String> flux = context.getBean(Catalog.class).items("tea");
            StepVerifier.create(flux).expectNext("tea 1", "tea 2").verifyComplete();
            StepVerifier.create(flux).expectNext("tea 1", "tea 2").verifyComplete();
            assertThat(context.getBean(AuditAspect.class).seen)
                    .containsExactly("before items(tea)", "returned items", "before items(tea)", "returned items");
            assertThat(statistics(context, "audited-flux").count(CallOutcome.SUCCESS)).isEqualTo(2);
            assertThat(statistics(context, "audited-flux").count(CallOutcome.FAILURE)).isZero();
        });
    }

    private static CallStatistics statistics(AssertableApplicationContext context, String name) {
        return context.getBean(CircuitBreakerFactory.class).getBreaker(name).getStatistics();
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Audited {
    }

    /** Ordered inside Purgatory's advice (a larger order than purgatory.aspect.order's default). */
    @Aspect
    @Order(Ordered.LOWEST_PRECEDENCE)
    static class AuditAspect {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Before("@annotation(io.purgatory.autoconfigure.aop.ReactiveAdviceChainTest.Audited)")
        void before(JoinPoint call) {
            seen.add("before " + call.getSignature().getName() + "(" + call.getArgs()[0] + ")");
        }

        @AfterReturning("@annotation(io.purgatory.autoconfigure.aop.ReactiveAdviceChainTest.Audited)")
        void afterReturning(JoinPoint call) {
            seen.add("returned " + call.getSignature().getName());
        }
    }

    static class Catalog {
        @Audited
        @CircuitBreaker("audited-mono")
        public Mono<String> price(String item) {
            return Mono.just("price of " + item);
        }

        @Audited
        @CircuitBreaker("audited-flux")
        public Flux<String> items(String item) {
            return Flux.just(item + " 1", item + " 2");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AuditedSetup {
        @Bean
        AuditAspect auditAspect() {
            return new AuditAspect();
        }

        @Bean
        Catalog catalog() {
            return new Catalog();
        }
    }
}
