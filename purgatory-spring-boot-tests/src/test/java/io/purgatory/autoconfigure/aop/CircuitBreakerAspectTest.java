package io.purgatory.autoconfigure.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.CallOutcome;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import io.purgatory.ManualTimeSource;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.autoconfigure.aop.GuardedServices.AsyncService;
import io.purgatory.autoconfigure.aop.GuardedServices.BusinessException;
import io.purgatory.autoconfigure.aop.GuardedServices.ClassLevelService;
import io.purgatory.autoconfigure.aop.GuardedServices.ReactiveService;
import io.purgatory.autoconfigure.aop.GuardedServices.SyncService;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

/** The aspect for each return type, configured from properties as a user would. */
class CircuitBreakerAspectTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PurgatoryAutoConfiguration.class,
                    PurgatoryAopAutoConfiguration.class))
            .withUserConfiguration(GuardedServices.class)
            .withPropertyValues("purgatory.defaults.threshold=2", "purgatory.defaults.ttl=10s",
                    "purgatory.breakers.sync.threshold=3",
                    "purgatory.breakers.business.exclude=java.lang.UnsupportedOperationException");

    private void run(ContextConsumer<AssertableApplicationContext> test) {
        runner.run(test);
    }

    private static CircuitState state(AssertableApplicationContext context, String name) {
        return context.getBean(CircuitBreakerFactory.class).getBreaker(name).getState();
    }

    @Test
    void syncMethodOpensAfterThresholdFromPropertiesAndIsNotInvokedWhenOpen() {
        run(context -> {
            SyncService service = context.getBean(SyncService.class);
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> service.call(true)).isInstanceOf(IllegalStateException.class).hasMessage("boom");
            }
            assertThat(state(context, "sync")).isEqualTo(CircuitState.OPEN);
            int invocations = service.invocations();
            assertThatThrownBy(() -> service.call(false)).isInstanceOf(CircuitOpenException.class)
                    .hasMessage("Circuit sync is open");
            assertThatThrownBy(() -> service.run(false)).isInstanceOf(CircuitOpenException.class);
            assertThat(service.invocations()).isEqualTo(invocations);
        });
    }

    @Test
    void successResetsAndTheTrialAfterTtlCloses() {
        run(context -> {
            SyncService service = context.getBean(SyncService.class);
            assertThatThrownBy(() -> service.call(true)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> service.call(true)).isInstanceOf(IllegalStateException.class);
            assertThat(service.call(false)).isEqualTo("ok");
            assertThat(context.getBean(CircuitBreakerFactory.class).getBreaker("sync").getConsecutiveFailures()).isZero();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> service.call(true)).isInstanceOf(IllegalStateException.class);
            }
            context.getBean(ManualTimeSource.class).advance(Duration.ofSeconds(10).plusMillis(1));
            assertThat(service.call(false)).isEqualTo("ok");
            assertThat(state(context, "sync")).isEqualTo(CircuitState.CLOSED);
        });
    }

    @Test
    void excludedExceptionsFromAnnotationAndPropertiesDoNotCountAndAreRethrownUnchanged() {
        run(context -> {
            SyncService service = context.getBean(SyncService.class);
            for (int i = 0; i < 5; i++) {
                BusinessException business = new BusinessException("no stock");
                assertThatThrownBy(() -> service.business(business)).isSameAs(business);
                UnsupportedOperationException unsupported = new UnsupportedOperationException();
                assertThatThrownBy(() -> service.business(unsupported)).isSameAs(unsupported);
            }
            assertThat(state(context, "business")).isEqualTo(CircuitState.CLOSED);
            var stats = context.getBean(CircuitBreakerFactory.class).getBreaker("business").getStatistics();
            assertThat(stats.count(CallOutcome.EXCLUDED)).isEqualTo(10);
            assertThatThrownBy(() -> service.business(new IllegalStateException())).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> service.business(new IllegalStateException())).isInstanceOf(IllegalStateException.class);
            assertThat(state(context, "business")).isEqualTo(CircuitState.OPEN);
        });
    }

    @Test
    void fallbackRunsForCountedFailuresAndRejectionsWithTheClosestExceptionType() {
        run(context -> {
            SyncService service = context.getBean(SyncService.class);
            assertThat(service.withFallback("a", new IllegalStateException("down"))).isEqualTo("failed a: down");
            assertThat(service.withFallback("b", new IllegalStateException("down"))).isEqualTo("failed b: down");
            assertThat(state(context, "with-fallback")).isEqualTo(CircuitState.OPEN);
            int invocations = service.invocations();
            assertThat(service.withFallback("c", null)).isEqualTo("rejected c");
            assertThat(service.invocations()).isEqualTo(invocations);
        });
    }

    @Test
    void noFallbackTakesAnExceptionItHasNoCandidateFor() {
        run(context -> {
            SyncService service = context.getBean(SyncService.class);
            IllegalArgumentException other = new IllegalArgumentException("not handled");
            assertThatThrownBy(() -> service.withFallback("a", other)).isSameAs(other);
            assertThat(service.withFallbackAny()).isEqualTo(-1);
        });
    }

    @Test
    void classLevelAnnotationGuardsPublicMethodsAndMethodAnnotationWins() {
        run(context -> {
            ClassLevelService service = context.getBean(ClassLevelService.class);
            assertThatThrownBy(() -> service.ownBreaker(true)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> service.ownBreaker(true)).isInstanceOf(IllegalStateException.class);
            assertThat(state(context, "method-wins")).isEqualTo(CircuitState.OPEN);
            assertThat(state(context, "class-level")).isEqualTo(CircuitState.CLOSED);
            assertThatThrownBy(() -> service.guarded(true)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> service.guarded(true)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> service.guarded(false)).isInstanceOf(CircuitOpenException.class);
        });
    }

    @Test
    void completableFutureFailureIsExceptionalCompletionAndRejectionIsAFailedFuture() {
        run(context -> {
            AsyncService service = context.getBean(AsyncService.class);
            assertThat(service.call(false).join()).isEqualTo("ok");
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> service.call(true).join()).isInstanceOf(CompletionException.class)
                        .hasCauseInstanceOf(IllegalStateException.class);
            }
            assertThat(state(context, "async")).isEqualTo(CircuitState.OPEN);
            int invocations = service.invocations();
            assertThatThrownBy(() -> service.call(false).join()).hasCauseInstanceOf(CircuitOpenException.class);
            assertThat(service.invocations()).isEqualTo(invocations);
        });
    }

    @Test
    void completableFutureFallbackUsesTheSameWrapper() {
        run(context -> {
            AsyncService service = context.getBean(AsyncService.class);
            assertThat(service.withFallback(true).join()).isEqualTo("fallback: IllegalStateException");
            assertThat(service.withFallback(true).join()).isEqualTo("fallback: IllegalStateException");
            assertThat(service.withFallback(false).join()).isEqualTo("fallback: CircuitOpenException");
        });
    }

    @Test
    void monoErrorIsAFailureAndRejectionNeitherInvokesNorSubscribes() {
        run(context -> {
            ReactiveService service = context.getBean(ReactiveService.class);
            StepVerifier.create(service.mono(false)).expectNext("ok").verifyComplete();
            StepVerifier.create(service.mono(true)).expectError(IllegalStateException.class).verify();
            StepVerifier.create(service.mono(true)).expectError(IllegalStateException.class).verify();
            assertThat(state(context, "mono")).isEqualTo(CircuitState.OPEN);
            int invocations = service.invocations();
            int subscriptions = service.subscriptions();
            StepVerifier.create(service.mono(false)).expectError(CircuitOpenException.class).verify();
            assertThat(service.invocations()).isEqualTo(invocations);
            assertThat(service.subscriptions()).isEqualTo(subscriptions);
        });
    }

    @Test
    void nothingHappensUntilSubscription() {
        run(context -> {
            ReactiveService service = context.getBean(ReactiveService.class);
            service.mono(true);
            service.flux(true);
            assertThat(service.invocations()).isEqualTo(0);
            assertThat(context.getBean(CircuitBreakerFactory.class).getBreaker("mono").getStatistics()
                    .count(CallOutcome.FAILURE)).isZero();
        });
    }

    @Test
    void fluxErrorAfterItemsIsAFailureAndCompletionASuccess() {
        run(context -> {
            ReactiveService service = context.getBean(ReactiveService.class);
            StepVerifier.create(service.flux(false)).expectNext(1, 2, 3).verifyComplete();
            StepVerifier.create(service.flux(true)).expectNext(1).expectError(IllegalStateException.class).verify();
            StepVerifier.create(service.flux(true)).expectNext(1).expectError(IllegalStateException.class).verify();
            StepVerifier.create(service.flux(false)).expectError(CircuitOpenException.class).verify();
            var stats = context.getBean(CircuitBreakerFactory.class).getBreaker("flux").getStatistics();
            assertThat(stats.count(CallOutcome.SUCCESS)).isEqualTo(1);
            assertThat(stats.count(CallOutcome.FAILURE)).isEqualTo(2);
            assertThat(stats.count(CallOutcome.REJECTED)).isEqualTo(1);
        });
    }

    @Test
    void cancellingATrialFreesItsSlotWithoutCounting() {
        run(context -> {
            ReactiveService service = context.getBean(ReactiveService.class);
            var breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("mono-trial");
            breaker.open();
            context.getBean(ManualTimeSource.class).advance(Duration.ofSeconds(11));
            Disposable trial = service.never().subscribe();
            assertThat(breaker.getState()).isEqualTo(CircuitState.HALF_OPEN);
            StepVerifier.create(service.never()).expectError(CircuitOpenException.class).verify();
            trial.dispose();
            assertThat(breaker.getState()).isEqualTo(CircuitState.HALF_OPEN);
            assertThat(breaker.getStatistics().count(CallOutcome.FAILURE)).isZero();
            Disposable next = service.never().subscribe();
            assertThat(breaker.getSnapshot().trialsInFlight()).isEqualTo(1);
            next.dispose();
        });
    }

    @Test
    void fluxCancelledAfterAnElementIsASuccessThatClosesAHalfOpenCircuit() {
        run(context -> {
            ReactiveService service = context.getBean(ReactiveService.class);
            var breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("flux");
            breaker.open();
            context.getBean(ManualTimeSource.class).advance(Duration.ofSeconds(11));
            StepVerifier.create(service.flux(false).take(1)).expectNext(1).verifyComplete();
            assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
            assertThat(breaker.getStatistics().count(CallOutcome.SUCCESS)).isEqualTo(1);
        });
    }

    @Test
    void fluxNextIsASuccessThatClosesAHalfOpenCircuit() {
        run(context -> {
            ReactiveService service = context.getBean(ReactiveService.class);
            var breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("flux");
            breaker.open();
            context.getBean(ManualTimeSource.class).advance(Duration.ofSeconds(11));
            StepVerifier.create(service.flux(false).next()).expectNext(1).verifyComplete();
            assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
            assertThat(breaker.getStatistics().count(CallOutcome.SUCCESS)).isEqualTo(1);
        });
    }

    @Test
    void fluxCancelledBeforeAnyElementFreesItsTrialSlotWithoutCounting() {
        run(context -> {
            ReactiveService service = context.getBean(ReactiveService.class);
            var breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("flux-trial");
            breaker.open();
            context.getBean(ManualTimeSource.class).advance(Duration.ofSeconds(11));
            Disposable trial = service.neverFlux().subscribe();
            assertThat(breaker.getState()).isEqualTo(CircuitState.HALF_OPEN);
            StepVerifier.create(service.neverFlux()).expectError(CircuitOpenException.class).verify();
            trial.dispose();
            assertThat(breaker.getState()).isEqualTo(CircuitState.HALF_OPEN);
            assertThat(breaker.getStatistics().count(CallOutcome.SUCCESS)).isZero();
            assertThat(breaker.getStatistics().count(CallOutcome.FAILURE)).isZero();
            Disposable next = service.neverFlux().subscribe();
            assertThat(breaker.getSnapshot().trialsInFlight()).isEqualTo(1);
            next.dispose();
        });
    }

    @Test
    void classLevelAnnotationDoesNotGuardToStringEqualsOrHashCode() throws Exception {
        run(context -> {
            ClassLevelService service = context.getBean(ClassLevelService.class);
            var breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("class-level");
            breaker.open();
            assertThat(service.toString()).isEqualTo("ClassLevelService");
            assertThat(breaker.getStatistics().count(CallOutcome.REJECTED)).isZero();
            assertThatThrownBy(() -> service.guarded(false)).isInstanceOf(CircuitOpenException.class);
        });
        for (Method method : new Method[] {ClassLevelService.class.getMethod("toString"),
                ClassLevelService.class.getMethod("equals", Object.class), ClassLevelService.class.getMethod("hashCode")}) {
            assertThat(CircuitBreakerAnnotations.find(method, ClassLevelService.class)).as(method.getName()).isNull();
        }
        assertThat(CircuitBreakerAnnotations.find(ClassLevelService.class.getMethod("guarded", boolean.class),
                ClassLevelService.class)).isNotNull();
    }

    @Test
    void monoFallbackUsesTheSameWrapper() {
        run(context -> {
            ReactiveService service = context.getBean(ReactiveService.class);
            StepVerifier.create(service.withFallback(true)).expectNext("fallback: IllegalStateException").verifyComplete();
            StepVerifier.create(service.withFallback(true)).expectNext("fallback: IllegalStateException").verifyComplete();
            StepVerifier.create(service.withFallback(false)).expectNext("fallback: CircuitOpenException").verifyComplete();
        });
    }

    @Test
    void resubscribingInvokesTheMethodAgainThroughTheBreaker() {
        run(context -> {
            ReactiveService service = context.getBean(ReactiveService.class);
            var mono = service.mono(true);
            StepVerifier.create(mono.retry(1)).expectError(IllegalStateException.class).verify();
            assertThat(service.invocations()).isEqualTo(2);
            assertThat(state(context, "mono")).isEqualTo(CircuitState.OPEN);
        });
    }
}
