package io.purgatory.autoconfigure.aop;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import io.purgatory.annotation.CircuitBreaker;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A rejection reaches async and reactive callers the way their return type promises, whatever the
 * fallback takes and whatever the exclude list covers.
 */
class RejectionFallbackTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PurgatoryAutoConfiguration.class,
                    PurgatoryAopAutoConfiguration.class))
            .withUserConfiguration(Services.class);

    private static void open(AssertableApplicationContext context, String name) {
        context.getBean(CircuitBreakerFactory.class).getBreaker(name).transitionTo(CircuitState.OPEN);
    }

    @Test
    void anAsyncRejectionThatNoFallbackTakesIsAFailedStageNotAThrow() {
        runner.run(context -> {
            AsyncService service = context.getBean(AsyncService.class);
            open(context, "async-narrow");
            CompletableFuture<String> result = service.call();
            assertThat(result).isCompletedExceptionally();
            assertThat(result.handle((value, failure) -> failure).join()).isInstanceOf(CircuitOpenException.class);
            assertThat(service.invocations()).isZero();
        });
    }

    @Test
    void anAsyncFallbackThatThrowsOnARejectionIsAFailedStageNotAThrow() {
        runner.run(context -> {
            AsyncService service = context.getBean(AsyncService.class);
            open(context, "async-throwing-fallback");
            CompletableFuture<String> result = service.callWithThrowingFallback();
            assertThat(result).isCompletedExceptionally();
            assertThat(result.handle((value, failure) -> failure).join())
                    .isInstanceOf(IllegalStateException.class).hasMessage("fallback broke");
        });
    }

    @Test
    void aMonoRejectionReachesTheFallbackEvenWhenTheExcludeListCoversIt() {
        runner.run(context -> {
            ReactiveService service = context.getBean(ReactiveService.class);
            open(context, "reactive-broad-exclude");
            StepVerifier.create(service.mono()).expectNext("fallback: CircuitOpenException").verifyComplete();
            StepVerifier.create(service.flux()).expectNext("fallback: CircuitOpenException").verifyComplete();
            assertThat(service.invocations()).isZero();
        });
    }

    @Test
    void anExcludedFailureStillSkipsTheReactiveFallback() {
        runner.run(context -> {
            ReactiveService service = context.getBean(ReactiveService.class);
            service.failWithABusinessException();
            StepVerifier.create(service.mono()).expectErrorMessage("business").verify();
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Services {
        @Bean
        AsyncService asyncService() {
            return new AsyncService();
        }

        @Bean
        ReactiveService reactiveService() {
            return new ReactiveService();
        }
    }

    /** Read and set through methods: the proxy's own fields are not the target's. */
    static class AsyncService {
        private final AtomicInteger invocations = new AtomicInteger();

        public int invocations() {
            return invocations.get();
        }

        @CircuitBreaker(value = "async-narrow", fallbackMethod = "onlyIllegalState")
        public CompletableFuture<String> call() {
            invocations.incrementAndGet();
            return CompletableFuture.completedFuture("body");
        }

        CompletableFuture<String> onlyIllegalState(IllegalStateException e) {
            return CompletableFuture.completedFuture("fallback");
        }

        @CircuitBreaker(value = "async-throwing-fallback", fallbackMethod = "throwing")
        public CompletableFuture<String> callWithThrowingFallback() {
            return CompletableFuture.failedFuture(new CompletionException(new IllegalStateException("body")));
        }

        CompletableFuture<String> throwing(Throwable e) {
            throw new IllegalStateException("fallback broke");
        }
    }

    static class ReactiveService {
        private final AtomicInteger invocations = new AtomicInteger();
        private volatile boolean fail;

        public int invocations() {
            return invocations.get();
        }

        public void failWithABusinessException() {
            fail = true;
        }

        @CircuitBreaker(value = "reactive-broad-exclude", exclude = RuntimeException.class, fallbackMethod = "fallback")
        public Mono<String> mono() {
            invocations.incrementAndGet();
            return fail ? Mono.error(new IllegalArgumentException("business")) : Mono.just("body");
        }

        Mono<String> fallback(Throwable e) {
            return Mono.just("fallback: " + e.getClass().getSimpleName());
        }

        @CircuitBreaker(value = "reactive-broad-exclude", exclude = RuntimeException.class, fallbackMethod = "fallbackFlux")
        public Flux<String> flux() {
            invocations.incrementAndGet();
            return Flux.just("body");
        }

        Flux<String> fallbackFlux(Throwable e) {
            return Flux.just("fallback: " + e.getClass().getSimpleName());
        }
    }
}
