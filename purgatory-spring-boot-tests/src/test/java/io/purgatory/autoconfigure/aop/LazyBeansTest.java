package io.purgatory.autoconfigure.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.annotation.CircuitBreaker;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Scope;

/**
 * Beans created after start-up (lazy, prototype) are checked and contribute their annotation
 * excludes at start-up, from their bean definitions, before any of them or any breaker exists.
 */
@ExtendWith(OutputCaptureExtension.class)
class LazyBeansTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PurgatoryAutoConfiguration.class,
                    PurgatoryAopAutoConfiguration.class))
            .withPropertyValues("purgatory.breakers.lazy.threshold=2");

    @Test
    void aLazyBeanWithABadFallbackStopsTheStartBeforeItIsCreated() {
        runner.withUserConfiguration(LazyWithBadFallback.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(InvalidCircuitBreakerMethodsException.class)
                    .hasMessageContaining(BadFallbackService.class.getName() + ".charge(): fallback: no method named 'missing'");
        });
    }

    @Test
    void aPrototypeBeanWithABadFallbackStopsTheStart() {
        runner.withUserConfiguration(PrototypeWithBadFallback.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(InvalidCircuitBreakerMethodsException.class)
                    .hasMessageContaining(BadFallbackService.class.getName() + ".charge(): fallback: no method named 'missing'");
        });
    }

    @Test
    void aLazyBeansExcludeReachesItsConfiguredBreakerCreatedAtStartUp() {
        runner.withUserConfiguration(LazyExcluding.class).run(context -> {
            CircuitBreakerFactory factory = context.getBean(CircuitBreakerFactory.class);
            assertThat(factory.findBreaker("lazy")).as("created at start-up from purgatory.breakers").isPresent();

            ExcludingService service = context.getBean(ExcludingService.class); // created only now
            for (int i = 0; i < 5; i++) {
                try {
                    service.call();
                } catch (IllegalStateException expected) {
                    // excluded: counts as success
                }
            }
            assertThat(factory.getBreaker("lazy").getConsecutiveFailures()).isZero();
            assertThat(factory.getBreaker("lazy").isExcluded(new IllegalStateException())).isTrue();
        });
    }

    @Test
    void anExcludeThatArrivesAfterItsBreakerExistsIsReportedNotSilentlyLost(CapturedOutput output) {
        runner.withUserConfiguration(LazyDeclaredAsObject.class).run(context -> {
            assertThat(context).hasNotFailed();
            ExcludingService service = (ExcludingService) context.getBean("service"); // its class was unknown until now
            assertThatThrownBy(service::call).isInstanceOf(IllegalStateException.class);
            assertThat(context.getBean(CircuitBreakerFactory.class).getBreaker("lazy").isExcluded(new IllegalStateException()))
                    .isFalse();
            assertThat(output).contains("The exclude of @CircuitBreaker(\"lazy\") on " + ExcludingService.class.getName()
                    + ".call does not apply: breaker 'lazy' was created without java.lang.IllegalStateException")
                    .contains("purgatory.breakers.lazy.exclude");
        });
    }

    @Test
    void anExcludeThatAUserDefinedFactoryDoesNotApplyIsReported(CapturedOutput output) {
        runner.withUserConfiguration(LazyExcluding.class)
                .withBean(CircuitBreakerFactory.class, () -> CircuitBreakerFactory.builder().build())
                .run(context -> {
                    assertThatThrownBy(context.getBean(ExcludingService.class)::call).isInstanceOf(IllegalStateException.class);
                    assertThat(output).contains("@CircuitBreaker(\"lazy\") on " + ExcludingService.class.getName()
                            + ".call does not apply").contains("AnnotationExcludes customizer");
                });
    }

    @Test
    void aUserDefinedFactoryGivenTheAnnotationExcludesAppliesThem(CapturedOutput output) {
        runner.withUserConfiguration(LazyExcluding.class)
                .withUserConfiguration(UserFactoryWithExcludes.class)
                .run(context -> {
                    assertThatThrownBy(context.getBean(ExcludingService.class)::call).isInstanceOf(IllegalStateException.class);
                    assertThat(context.getBean(CircuitBreakerFactory.class).getBreaker("lazy").getConsecutiveFailures()).isZero();
                    assertThat(output).doesNotContain("does not apply");
                });
    }

    static class BadFallbackService {
        @CircuitBreaker(value = "lazy", fallbackMethod = "missing")
        public String charge() {
            return "";
        }
    }

    static class ExcludingService {
        @CircuitBreaker(value = "lazy", exclude = IllegalStateException.class)
        public void call() {
            throw new IllegalStateException("business rule");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LazyWithBadFallback {
        @Bean
        @Lazy
        BadFallbackService service() {
            return new BadFallbackService();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PrototypeWithBadFallback {
        @Bean
        @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
        BadFallbackService service() {
            return new BadFallbackService();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LazyExcluding {
        @Bean
        @Lazy
        ExcludingService service() {
            return new ExcludingService();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserFactoryWithExcludes {
        @Bean
        CircuitBreakerFactory circuitBreakerFactory(AnnotationExcludes excludes) {
            return CircuitBreakerFactory.builder().customizer(excludes).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LazyDeclaredAsObject {
        @Bean
        @Lazy
        Object service() {
            return new ExcludingService();
        }
    }
}
