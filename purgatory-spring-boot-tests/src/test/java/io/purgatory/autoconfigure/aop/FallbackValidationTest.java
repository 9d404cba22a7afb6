package io.purgatory.autoconfigure.aop;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.annotation.CircuitBreaker;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import java.util.concurrent.CompletableFuture;
import kotlin.coroutines.Continuation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** Bad @CircuitBreaker methods stop the start, all listed at once, before any call. */
@ExtendWith(OutputCaptureExtension.class)
class FallbackValidationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PurgatoryAutoConfiguration.class,
                    PurgatoryAopAutoConfiguration.class));

    private String failureOf(Class<?> configuration) {
        String[] description = new String[1];
        runner.withUserConfiguration(configuration).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof InvalidCircuitBreakerMethodsException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(InvalidCircuitBreakerMethodsException.class);
            FailureAnalysis analysis = new InvalidCircuitBreakerMethodsFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getAction()).contains("fallback");
            description[0] = analysis.getDescription();
        });
        return description[0];
    }

    @Test
    void missingFallbackMethod() {
        assertThat(failureOf(Missing.class))
                .contains(Missing.Service.class.getName() + ".charge(String): fallback: no method named 'noSuchMethod'")
                .contains("expected: String noSuchMethod(String, Throwable e) or String noSuchMethod(Throwable e)");
    }

    @Test
    void wrongReturnType() {
        assertThat(failureOf(WrongReturn.class)).contains("returns Integer, not a String");
    }

    @Test
    void asyncFallbackMustReturnTheSameWrapper() {
        assertThat(failureOf(WrongWrapper.class)).contains(".async(): fallback")
                .contains(".mono(): fallback");
    }

    @Test
    void wrongParameters() {
        assertThat(failureOf(WrongParameters.class)).contains("String recover(Integer, Throwable) has the wrong parameters");
    }

    @Test
    void twoCandidatesForTheSameExceptionType() {
        assertThat(failureOf(Ambiguous.class)).contains("two fallback methods take RuntimeException");
    }

    @Test
    void everyBadMethodIsListedInOneFailure() {
        assertThat(failureOf(Several.class)).contains("2 @CircuitBreaker method(s) cannot work")
                .contains(".one(): fallback").contains(".two(): fallback");
    }

    @Test
    void invalidCircuitName() {
        assertThat(failureOf(BlankName.class)).contains("circuit name ' ' is not valid");
    }

    @Test
    void privateStaticAndFinalMethodsAProxyCannotReachStopTheStartWithTheFix() {
        String name = Unreachable.Service.class.getName();
        assertThat(failureOf(Unreachable.class)).contains("3 @CircuitBreaker method(s) cannot work")
                .contains(name + ".hidden(): private: a Spring proxy cannot intercept it")
                .contains(name + ".shared(): static: a Spring proxy cannot intercept it")
                .contains(name + ".sealed(): final: a class-based (CGLIB) proxy cannot override it")
                .contains("expected: a public, non-final instance method called through the bean");
    }

    @Test
    void aKotlinSuspendFunctionWithoutTheCoroutinesReactorBridgeStopsTheStartNamingTheDependency() {
        assertThat(failureOf(Suspending.class))
                .contains(Suspending.Service.class.getName() + ".fetch(String, Continuation): a Kotlin suspend function, "
                        + "which Spring's proxies run to its result only with "
                        + "org.jetbrains.kotlinx:kotlinx-coroutines-reactor and org.jetbrains.kotlin:kotlin-reflect")
                .contains("expected: add org.jetbrains.kotlinx:kotlinx-coroutines-reactor and "
                        + "org.jetbrains.kotlin:kotlin-reflect to the application's dependencies");
    }

    @Test
    void aFinalMethodThatImplementsAnInterfaceIsOnlyAWarning(CapturedOutput output) {
        runner.withUserConfiguration(FinalInterfaceMethod.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains(FinalInterfaceMethod.Service.class.getName()
                    + ".charge(String) is final: only an interface-based (JDK) proxy reaches it");
        });
    }

    @Test
    void aFinalMethodUnderAClassLevelAnnotationIsOnlyAWarning(CapturedOutput output) {
        runner.withUserConfiguration(FinalUnderClassAnnotation.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains(FinalUnderClassAnnotation.Service.class.getName()
                    + ".settle() is final: a class-based (CGLIB) proxy cannot override it, so the class-level "
                    + "@CircuitBreaker does not guard it");
        });
    }

    @Test
    void validFallbacksStartFine() {
        runner.withUserConfiguration(GuardedServices.class).run(context -> assertThat(context).hasNotFailed());
    }

    @Configuration(proxyBeanMethods = false)
    static class Missing {
        @Bean
        Service service() {
            return new Service();
        }

        static class Service {
            @CircuitBreaker(value = "x", fallbackMethod = "noSuchMethod")
            public String charge(String order) {
                return order;
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WrongReturn {
        @Bean
        Service service() {
            return new Service();
        }

        static class Service {
            @CircuitBreaker(value = "x", fallbackMethod = "recover")
            public String charge() {
                return "";
            }

            Integer recover(Throwable e) {
                return 0;
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WrongWrapper {
        @Bean
        Service service() {
            return new Service();
        }

        static class Service {
            @CircuitBreaker(value = "x", fallbackMethod = "recover")
            public CompletableFuture<String> async() {
                return CompletableFuture.completedFuture("");
            }

            String recover(Throwable e) {
                return "";
            }

            @CircuitBreaker(value = "y", fallbackMethod = "recoverMono")
            public Mono<String> mono() {
                return Mono.empty();
            }

            String recoverMono(Throwable e) {
                return "";
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WrongParameters {
        @Bean
        Service service() {
            return new Service();
        }

        static class Service {
            @CircuitBreaker(value = "x", fallbackMethod = "recover")
            public String charge(String order) {
                return order;
            }

            String recover(Integer order, Throwable e) {
                return "";
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Ambiguous {
        @Bean
        Service service() {
            return new Service();
        }

        static class Service {
            @CircuitBreaker(value = "x", fallbackMethod = "recover")
            public String charge(String order) {
                return order;
            }

            String recover(RuntimeException e) {
                return "";
            }

            String recover(String order, RuntimeException e) {
                return "";
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Several {
        @Bean
        Service service() {
            return new Service();
        }

        static class Service {
            @CircuitBreaker(value = "x", fallbackMethod = "missing")
            public String one() {
                return "";
            }

            @CircuitBreaker(value = "y", fallbackMethod = "alsoMissing")
            public String two() {
                return "";
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Unreachable {
        @Bean
        Service service() {
            return new Service();
        }

        static class Service {
            @CircuitBreaker("x")
            private String hidden() {
                return "";
            }

            @CircuitBreaker("x")
            public static String shared() {
                return "";
            }

            @CircuitBreaker("x")
            public final String sealed() {
                return hidden();
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Suspending {
        @Bean
        Service service() {
            return new Service();
        }

        /** What the Kotlin compiler makes of {@code @CircuitBreaker("x") suspend fun fetch(id: String): String}. */
        static class Service {
            @CircuitBreaker("x")
            public Object fetch(String id, Continuation<? super String> continuation) {
                return id;
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FinalInterfaceMethod {
        @Bean
        Service service() {
            return new Service();
        }

        public interface Payments {
            String charge(String order);
        }

        static class Service implements Payments {
            @Override
            @CircuitBreaker("x")
            public final String charge(String order) {
                return order;
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FinalUnderClassAnnotation {
        @Bean
        Service service() {
            return new Service();
        }

        /** As a base class the application does not own may declare it. */
        static class Base {
            public final String settle() {
                return "";
            }
        }

        @CircuitBreaker("x")
        static class Service extends Base {
            public String charge() {
                return "";
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BlankName {
        @Bean
        Service service() {
            return new Service();
        }

        static class Service {
            @CircuitBreaker(" ")
            public String one() {
                return "";
            }
        }
    }
}
