package io.purgatory.autoconfigure.aop;

import io.purgatory.CircuitOpenException;
import io.purgatory.ManualTimeSource;
import io.purgatory.annotation.CircuitBreaker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Annotated beans used by the aspect tests, with invocation counters. */
@Configuration(proxyBeanMethods = false)
class GuardedServices {

    @Bean
    ManualTimeSource manualTime() {
        return new ManualTimeSource();
    }

    @Bean
    SyncService syncService() {
        return new SyncService();
    }

    @Bean
    AsyncService asyncService() {
        return new AsyncService();
    }

    @Bean
    ReactiveService reactiveService() {
        return new ReactiveService();
    }

    @Bean
    ClassLevelService classLevelService() {
        return new ClassLevelService();
    }

    /** A business exception that the annotation excludes. */
    static class BusinessException extends RuntimeException {
        BusinessException(String message) {
            super(message);
        }
    }

    static class SyncService {
        final AtomicInteger invocations = new AtomicInteger();

        /** Read through the proxy: the proxy's own fields are not the target's. */
        public int invocations() {
            return invocations.get();
        }

        @CircuitBreaker("sync")
        public String call(boolean fail) {
            invocations.incrementAndGet();
            if (fail) {
                throw new IllegalStateException("boom");
            }
            return "ok";
        }

        @CircuitBreaker("sync")
        public void run(boolean fail) {
            call(fail);
        }

        @CircuitBreaker(value = "business", exclude = BusinessException.class)
        public String business(RuntimeException toThrow) {
            invocations.incrementAndGet();
            throw toThrow;
        }

        @CircuitBreaker(value = "with-fallback", fallbackMethod = "fallback")
        public String withFallback(String input, RuntimeException toThrow) {
            invocations.incrementAndGet();
            if (toThrow != null) {
                throw toThrow;
            }
            return "ok " + input;
        }

        String fallback(String input, RuntimeException toThrow, CircuitOpenException e) {
            return "rejected " + input;
        }

        private String fallback(String input, RuntimeException toThrow, IllegalStateException e) {
            return "failed " + input + ": " + e.getMessage();
        }

        @CircuitBreaker(value = "with-fallback-any", fallbackMethod = "anyFailure")
        public int withFallbackAny() {
            invocations.incrementAndGet();
            throw new IllegalStateException("any");
        }

        int anyFailure(Throwable e) {
            return -1;
        }
    }

    static class AsyncService {
        final AtomicInteger invocations = new AtomicInteger();

        /** Read through the proxy: the proxy's own fields are not the target's. */
        public int invocations() {
            return invocations.get();
        }

        @CircuitBreaker("async")
        public CompletableFuture<String> call(boolean fail) {
            invocations.incrementAndGet();
            return fail ? CompletableFuture.failedFuture(new IllegalStateException("async boom"))
                    : CompletableFuture.completedFuture("ok");
        }

        @CircuitBreaker(value = "async-fallback", fallbackMethod = "fallback")
        public CompletableFuture<String> withFallback(boolean fail) {
            invocations.incrementAndGet();
            return fail ? CompletableFuture.failedFuture(new IllegalStateException("async boom"))
                    : CompletableFuture.completedFuture("ok");
        }

        CompletableFuture<String> fallback(boolean fail, Throwable e) {
            return CompletableFuture.completedFuture("fallback: " + e.getClass().getSimpleName());
        }
    }

    static class ReactiveService {
        final AtomicInteger invocations = new AtomicInteger();

        /** Read through the proxy: the proxy's own fields are not the target's. */
        public int invocations() {
            return invocations.get();
        }
        final AtomicInteger subscriptions = new AtomicInteger();

        public int subscriptions() {
            return subscriptions.get();
        }

        @CircuitBreaker("mono")
        public Mono<String> mono(boolean fail) {
            invocations.incrementAndGet();
            return Mono.defer(() -> {
                subscriptions.incrementAndGet();
                return fail ? Mono.error(new IllegalStateException("mono boom")) : Mono.just("ok");
            });
        }

        @CircuitBreaker("flux")
        public Flux<Integer> flux(boolean fail) {
            invocations.incrementAndGet();
            return Flux.defer(() -> {
                subscriptions.incrementAndGet();
                return fail ? Flux.concat(Flux.just(1), Flux.error(new IllegalStateException("flux boom")))
                        : Flux.just(1, 2, 3);
            });
        }

        @CircuitBreaker("mono-trial")
        public Mono<String> never() {
            invocations.incrementAndGet();
            return Mono.never();
        }

        @CircuitBreaker("flux-trial")
        public Flux<Integer> neverFlux() {
            invocations.incrementAndGet();
            return Flux.never();
        }

        @CircuitBreaker(value = "mono-fallback", fallbackMethod = "fallback")
        public Mono<String> withFallback(boolean fail) {
            invocations.incrementAndGet();
            return fail ? Mono.error(new IllegalStateException("mono boom")) : Mono.just("ok");
        }

        Mono<String> fallback(boolean fail, Throwable e) {
            return Mono.just("fallback: " + e.getClass().getSimpleName());
        }
    }

    @CircuitBreaker("class-level")
    static class ClassLevelService {
        final AtomicInteger invocations = new AtomicInteger();

        /** Read through the proxy: the proxy's own fields are not the target's. */
        public int invocations() {
            return invocations.get();
        }

        public String guarded(boolean fail) {
            invocations.incrementAndGet();
            if (fail) {
                throw new IllegalStateException("class boom");
            }
            return "ok";
        }

        @CircuitBreaker("method-wins")
        public String ownBreaker(boolean fail) {
            return guarded(fail);
        }

        /** Overridden as records and Lombok classes do: not a business method, never guarded by the class annotation. */
        @Override
        public String toString() {
            return "ClassLevelService";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ClassLevelService;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }
}
