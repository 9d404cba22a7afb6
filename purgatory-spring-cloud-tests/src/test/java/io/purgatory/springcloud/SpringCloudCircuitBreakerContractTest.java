package io.purgatory.springcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import io.purgatory.ManualTimeSource;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.NoFallbackAvailableException;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Spring Cloud CircuitBreaker's contract, through the auto-configured factories: ids are Purgatory circuits (threshold
 * 2, ttl 10s here), the fallback gets what ended the call, the reactive forms take the permission at subscription.
 */
class SpringCloudCircuitBreakerContractTest {

    private final ManualTimeSource time = new ManualTimeSource();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class, PurgatorySpringCloudAutoConfiguration.class))
            .withBean(TimeSource.class, () -> time)
            .withPropertyValues("purgatory.defaults.threshold=2", "purgatory.defaults.ttl=10s");

    @Test
    void runReturnsTheSuppliersValueAndCountsItOnTheCircuitOfTheId() {
        run(context -> {
            CircuitBreaker breaker = blocking(context).create("payments");
            assertThat(breaker.run(() -> "paid")).isEqualTo("paid");
            assertThat(purgatory(context).findBreaker("payments")).isPresent();
        });
    }

    @Test
    void runWithoutFallbackWrapsTheFailureAsSpringCloudSpecifies() {
        run(context -> {
            IllegalStateException failure = new IllegalStateException("down");
            assertThatThrownBy(() -> blocking(context).create("payments").run(() -> {
                throw failure;
            })).isInstanceOf(NoFallbackAvailableException.class).hasCause(failure);
            assertThat(purgatory(context).getBreaker("payments").getConsecutiveFailures()).isEqualTo(1);
        });
    }

    @Test
    void runWithFallbackGivesTheCountedFailureToTheFallback() {
        run(context -> {
            IllegalStateException failure = new IllegalStateException("down");
            String answer = blocking(context).create("payments").run(() -> {
                throw failure;
            }, thrown -> thrown == failure ? "fallback" : "wrong exception: " + thrown);
            assertThat(answer).isEqualTo("fallback");
            assertThat(purgatory(context).getBreaker("payments").getConsecutiveFailures()).isEqualTo(1);
        });
    }

    @Test
    void failuresOpenTheCircuitAndThenTheFallbackGetsCircuitOpenExceptionWithoutTheSupplierRunning() {
        run(context -> {
            CircuitBreaker breaker = blocking(context).create("payments");
            fail(breaker);
            fail(breaker);
            assertThat(purgatory(context).getBreaker("payments").getState()).isEqualTo(CircuitState.OPEN);
            AtomicInteger runs = new AtomicInteger();
            Throwable seen = breaker.run(() -> {
                runs.incrementAndGet();
                return null;
            }, thrown -> thrown);
            assertThat(runs).hasValue(0);
            assertThat(seen).isInstanceOf(CircuitOpenException.class);
            assertThat(((CircuitOpenException) seen).getCircuitName()).isEqualTo("payments");
        });
    }

    @Test
    void theSameIdIsTheSameCircuitForBothFactories() {
        run(context -> {
            fail(blocking(context).create("shared"));
            fail(blocking(context).create("shared"));
            StepVerifier.create(reactive(context).create("shared").run(Mono.just("late"), Mono::error))
                    .expectError(CircuitOpenException.class).verify(Duration.ofSeconds(5));
        });
    }

    @Test
    void monoValueIsASuccessAndItsErrorAFailure() {
        run(context -> {
            ReactiveCircuitBreaker breaker = reactive(context).create("quotes");
            StepVerifier.create(breaker.run(Mono.just("quote"), Mono::error)).expectNext("quote").verifyComplete();
            StepVerifier.create(breaker.run(Mono.<String>error(new IllegalStateException("down")),
                    thrown -> Mono.just("fallback for " + thrown.getMessage())))
                    .expectNext("fallback for down").verifyComplete();
            assertThat(purgatory(context).getBreaker("quotes").getConsecutiveFailures()).isEqualTo(1);
        });
    }

    @Test
    void monoTakesThePermissionAtSubscriptionAndAnOpenCircuitNeverSubscribesTheSource() {
        run(context -> {
            ReactiveCircuitBreaker breaker = reactive(context).create("quotes");
            AtomicInteger subscriptions = new AtomicInteger();
            Mono<String> guarded = breaker.run(Mono.fromCallable(() -> "quote").doOnSubscribe(s -> subscriptions.incrementAndGet()),
                    thrown -> Mono.just(thrown.getClass().getSimpleName()));
            purgatory(context).getBreaker("quotes").transitionTo(CircuitState.OPEN); // after assembly, before subscription
            StepVerifier.create(guarded).expectNext("CircuitOpenException").verifyComplete();
            assertThat(subscriptions).hasValue(0);
            purgatory(context).getBreaker("quotes").transitionTo(CircuitState.CLOSED);
            StepVerifier.create(guarded).expectNext("quote").verifyComplete(); // each subscription is a new call
            assertThat(subscriptions).hasValue(1);
        });
    }

    @Test
    void fluxPassesElementsAndCountsItsErrorAndAnOpenCircuitGoesToTheFallback() {
        run(context -> {
            ReactiveCircuitBreaker breaker = reactive(context).create("feed");
            StepVerifier.create(breaker.run(Flux.just(1, 2, 3), Flux::error)).expectNext(1, 2, 3).verifyComplete();
            for (int i = 0; i < 2; i++) {
                StepVerifier.create(breaker.run(Flux.<Integer>error(new IllegalStateException("down")), thrown -> Flux.just(-1)))
                        .expectNext(-1).verifyComplete();
            }
            assertThat(purgatory(context).getBreaker("feed").getState()).isEqualTo(CircuitState.OPEN);
            StepVerifier.create(breaker.run(Flux.just(1), thrown -> Flux.just(thrown instanceof CircuitOpenException ? 0 : -2)))
                    .expectNext(0).verifyComplete();
        });
    }

    /**
     * The trial slot of a subscription cancelled before any element is never kept. The call is ended through the
     * breaker's asynchronous API by cancelling its stage: a core that treats a cancelled stage as neither outcome
     * keeps the circuit HALF_OPEN with the slot free; one that counts the cancelled stage as a failure reopens it.
     * Either way the circuit is not left waiting for a trial nobody will finish.
     */
    @Test
    void fluxCancelledBeforeAnyElementNeverKeepsTheTrialSlot() {
        run(context -> {
            io.purgatory.CircuitBreaker circuit = purgatory(context).getBreaker("feed");
            ReactiveCircuitBreaker breaker = reactive(context).create("feed");
            circuit.open();
            time.advance(Duration.ofSeconds(11));
            Disposable trial = breaker.run(Flux.<Integer>never(), Flux::error).subscribe();
            assertThat(circuit.getState()).isEqualTo(CircuitState.HALF_OPEN);
            long failures = circuit.getStatistics().count(io.purgatory.CallOutcome.FAILURE);

            trial.dispose();

            // Neither success nor failure: still HALF_OPEN, nothing counted, and the slot is free for the next call,
            // whose success closes the circuit.
            assertThat(circuit.getState()).isEqualTo(CircuitState.HALF_OPEN);
            assertThat(circuit.getStatistics().count(io.purgatory.CallOutcome.FAILURE)).isEqualTo(failures);
            StepVerifier.create(breaker.run(Flux.just(1), Flux::error)).expectNext(1).verifyComplete();
            assertThat(circuit.getState()).isEqualTo(CircuitState.CLOSED);
        });
    }

    @Test
    void fluxCancelledAfterAnElementIsASuccess() {
        run(context -> {
            io.purgatory.CircuitBreaker circuit = purgatory(context).getBreaker("feed");
            circuit.open();
            time.advance(Duration.ofSeconds(11));
            StepVerifier.create(reactive(context).create("feed").run(Flux.just(1).concatWith(Flux.never()), Flux::error).take(1))
                    .expectNext(1).verifyComplete();
            assertThat(circuit.getState()).isEqualTo(CircuitState.CLOSED);
        });
    }

    private static void fail(CircuitBreaker breaker) {
        breaker.run(() -> {
            throw new IllegalStateException("down");
        }, thrown -> null);
    }

    private void run(Consumer<AssertableApplicationContext> test) {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            test.accept(context);
        });
    }

    @SuppressWarnings("rawtypes")
    private static CircuitBreakerFactory blocking(AssertableApplicationContext context) {
        return context.getBean(CircuitBreakerFactory.class);
    }

    @SuppressWarnings("rawtypes")
    private static ReactiveCircuitBreakerFactory reactive(AssertableApplicationContext context) {
        return context.getBean(ReactiveCircuitBreakerFactory.class);
    }

    private static io.purgatory.CircuitBreakerFactory purgatory(AssertableApplicationContext context) {
        return context.getBean(io.purgatory.CircuitBreakerFactory.class);
    }
}
