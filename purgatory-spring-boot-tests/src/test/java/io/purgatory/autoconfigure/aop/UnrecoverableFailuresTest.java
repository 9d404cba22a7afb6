package io.purgatory.autoconfigure.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.CallOutcome;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.annotation.CircuitBreaker;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * Interruptions and fatal errors never reach a fallback, whatever the return type: an interrupted
 * call says nothing about the dependency (it counts as neither), and a {@code VirtualMachineError}
 * must reach the caller untouched. The fallbacks below would take any {@code Throwable}.
 */
class UnrecoverableFailuresTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PurgatoryAutoConfiguration.class,
                    PurgatoryAopAutoConfiguration.class))
            .withUserConfiguration(Services.class);

    @ParameterizedTest
    @ValueSource(strings = { "interrupted", "fatal" })
    void aSyncMethodsUnrecoverableFailureSkipsTheFallback(String kind) {
        runner.run(context -> {
            Failing service = context.getBean(Failing.class);
            assertThatThrownBy(() -> service.sync(kind)).isSameAs(service.failure(kind));
            Thread.interrupted(); // the interrupted case keeps the flag; clear it for the next test
            assertCounted(context.getBean(CircuitBreakerFactory.class), "sync", kind);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "interrupted", "fatal" })
    void anAsyncMethodsUnrecoverableFailureSkipsTheFallback(String kind) {
        runner.run(context -> {
            Failing service = context.getBean(Failing.class);
            CompletableFuture<String> result = service.async(kind).toCompletableFuture();
            assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isSameAs(service.failure(kind));
            assertCounted(context.getBean(CircuitBreakerFactory.class), "async", kind);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "interrupted", "fatal" })
    void aMonoMethodsUnrecoverableFailureSkipsTheFallback(String kind) {
        runner.run(context -> {
            Failing service = context.getBean(Failing.class);
            assertThatThrownBy(() -> service.mono(kind).block()).satisfies(thrown ->
                    assertThat(thrown == service.failure(kind) || thrown.getCause() == service.failure(kind))
                            .as("%s is the method's own failure", thrown).isTrue());
            Thread.interrupted();
            assertCounted(context.getBean(CircuitBreakerFactory.class), "mono", kind);
        });
    }

    /** An interruption counts as neither; a fatal error counts as a failure (never excluded, never recovered). */
    private static void assertCounted(CircuitBreakerFactory factory, String name, String kind) {
        var statistics = factory.getBreaker(name).getStatistics();
        assertThat(statistics.count(CallOutcome.FAILURE)).isEqualTo(kind.equals("fatal") ? 1 : 0);
        assertThat(statistics.count(CallOutcome.SUCCESS)).isZero();
    }

    static class Failing {

        private final InterruptedException interrupted = new InterruptedException("stopped");
        private final StackOverflowError fatal = new StackOverflowError("deep");

        Throwable failure(String kind) {
            return kind.equals("fatal") ? fatal : interrupted;
        }

        @CircuitBreaker(value = "sync", fallbackMethod = "recovered")
        public String sync(String kind) throws Throwable {
            if (kind.equals("interrupted")) {
                Thread.currentThread().interrupt();
            }
            throw failure(kind);
        }

        @CircuitBreaker(value = "async", fallbackMethod = "recoveredAsync")
        public CompletionStage<String> async(String kind) {
            return CompletableFuture.failedFuture(failure(kind));
        }

        @CircuitBreaker(value = "mono", fallbackMethod = "recoveredMono")
        public Mono<String> mono(String kind) {
            return Mono.error(failure(kind));
        }

        String recovered(String kind, Throwable failure) {
            return "recovered";
        }

        CompletionStage<String> recoveredAsync(String kind, Throwable failure) {
            return CompletableFuture.completedFuture("recovered");
        }

        Mono<String> recoveredMono(String kind, Throwable failure) {
            return Mono.just("recovered");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Services {

        @Bean
        Failing failing() {
            return new Failing();
        }
    }
}
