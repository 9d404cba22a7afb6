package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.purgatory.event.BreakerCreated;
import io.purgatory.event.CallFinished;
import io.purgatory.event.CallRejected;
import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.CircuitBreakerListener;
import io.purgatory.event.FailureCounted;
import io.purgatory.event.Recovered;
import io.purgatory.event.StateChanged;
import io.purgatory.event.TransitionCause;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §3: a listener that throws never breaks a call; its error is counted and the others still hear every event. */
class ListenerFailureTest {

    private static final String NAME = "fragile";
    private static final Duration TTL = Duration.ofSeconds(1);

    /** EventPublisher logs every contained listener failure; captured per test instead of flooding the output. */
    private CapturedLog log;

    private final ManualTimeSource clock = new ManualTimeSource();
    private final List<CircuitBreakerEvent> heard = new ArrayList<>();
    private final CircuitBreakerListener hearing = RecordingListener.everyEvent(event -> heard.add(RecordingListener.unnumbered(event)));

    @BeforeEach
    void captureLog() {
        log = CapturedLog.of(CircuitBreakerFactory.class.getName());
    }

    @AfterEach
    void releaseLog() {
        log.close();
    }

    static Stream<Arguments> listenerFailures() {
        return Stream.of(
                Arguments.of("RuntimeException", (Supplier<Throwable>) () -> new IllegalStateException("listener bug")),
                Arguments.of("AssertionError", (Supplier<Throwable>) () -> new AssertionError("listener assertion")),
                Arguments.of("LinkageError", (Supplier<Throwable>) () -> new NoClassDefFoundError("missing/Listener")));
    }

    private CircuitBreakerFactory factoryWith(CircuitBreakerListener... listeners) {
        CircuitBreakerFactory.Builder builder = CircuitBreakerFactory.builder()
                .defaults(CircuitBreakerConfig.builder().threshold(2).ttl(TTL).exclude(UnsupportedOperationException.class).build())
                .timeSource(clock);
        for (CircuitBreakerListener listener : listeners) {
            builder.listener(listener);
        }
        return builder.build();
    }

    /** What an untimed call through the breaker reports when it ends. */
    private static CallFinished finished(CallOutcome outcome) {
        return new CallFinished(NAME, outcome, 0);
    }

    /** Throws on every event, CallFinished included: every kind of event must be contained. */
    private static CircuitBreakerListener throwing(Supplier<Throwable> failure) {
        return RecordingListener.everyEvent(event -> {
            throw ListenerFailureTest.<RuntimeException>sneaky(failure.get());
        });
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listenerFailures")
    void aThrowingListenerBreaksNoCallAndTheOthersHearEveryEventInOrder(String kind, Supplier<Throwable> failure)
            throws Exception {
        CircuitBreakerFactory factory = factoryWith(throwing(failure), hearing, throwing(failure));
        CircuitBreaker breaker = factory.getBreaker(NAME);
        CircuitBreakerConfig config = breaker.getConfig();

        // CLOSED: results and exceptions pass unchanged, counted or excluded.
        assertThat(breaker.call(() -> "sync result")).isEqualTo("sync result");
        RuntimeException first = new RuntimeException("first");
        assertThat(catchThrowable(() -> breaker.run(() -> {
            throw first;
        }))).isSameAs(first);
        UnsupportedOperationException excluded = new UnsupportedOperationException("excluded");
        assertThat(catchThrowable(() -> breaker.get(() -> {
            throw excluded;
        }))).isSameAs(excluded);
        IOException checked = new IOException("checked");
        assertThat(catchThrowable(() -> breaker.call(() -> {
            throw checked;
        }))).isSameAs(checked);
        Error error = new Error("fatal body");
        assertThat(catchThrowable(() -> breaker.decorateRunnable(() -> {
            throw error;
        }).run())).isSameAs(error);

        // OPEN: the rejection is still a CircuitOpenException.
        assertThatThrownBy(() -> breaker.call(() -> "never")).isInstanceOf(CircuitOpenException.class)
                .hasMessage("Circuit " + NAME + " is open");

        // HALF_OPEN and back, asynchronously.
        clock.advance(TTL.plusNanos(1));
        assertThat(breaker.executeAsync(() -> CompletableFuture.completedFuture("async result"))
                .toCompletableFuture().join()).isEqualTo("async result");
        IllegalArgumentException asyncFailure = new IllegalArgumentException("async");
        for (int i = 0; i < 2; i++) {
            CompletableFuture<Object> failed = breaker.executeAsync(() -> CompletableFuture.failedFuture(asyncFailure))
                    .toCompletableFuture();
            assertThat(catchThrowable(failed::join)).isInstanceOf(CompletionException.class).hasCause(asyncFailure);
        }
        CompletableFuture<String> rejected = breaker.executeAsync(() -> CompletableFuture.completedFuture("never"))
                .toCompletableFuture();
        assertThat(catchThrowable(rejected::join)).hasCauseInstanceOf(CircuitOpenException.class);

        List<CircuitBreakerEvent> expected = List.of(
                new BreakerCreated(NAME, config),
                finished(CallOutcome.SUCCESS),
                new FailureCounted(NAME, 1),
                finished(CallOutcome.FAILURE),
                new Recovered(NAME),
                finished(CallOutcome.EXCLUDED),
                new FailureCounted(NAME, 1),
                finished(CallOutcome.FAILURE),
                new FailureCounted(NAME, 2),
                new StateChanged(NAME, CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.CONSECUTIVE_FAILURES),
                finished(CallOutcome.FAILURE),
                new CallRejected(NAME, CircuitState.OPEN),
                new StateChanged(NAME, CircuitState.OPEN, CircuitState.HALF_OPEN, TransitionCause.OPEN_PERIOD_ELAPSED),
                new Recovered(NAME),
                new StateChanged(NAME, CircuitState.HALF_OPEN, CircuitState.CLOSED, TransitionCause.TRIAL_SUCCEEDED),
                finished(CallOutcome.SUCCESS),
                new FailureCounted(NAME, 1),
                finished(CallOutcome.FAILURE),
                new FailureCounted(NAME, 2),
                new StateChanged(NAME, CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.CONSECUTIVE_FAILURES),
                finished(CallOutcome.FAILURE),
                new CallRejected(NAME, CircuitState.OPEN));
        assertThat(heard).containsExactlyElementsOf(expected);
        assertThat(factory.getListenerFailures()).as("two throwing listeners, every event").isEqualTo(2L * expected.size());
        assertThat(log.records()).as("each contained failure is logged with its cause")
                .anySatisfy(record -> {
                    assertThat(record.getLevel()).isEqualTo(Level.WARNING);
                    assertThat(record.getThrown()).isInstanceOf(failure.get().getClass());
                    assertThat(record.getMessage()).contains("failed on").contains(expected.get(0).toString());
                });
        assertThat(breaker.getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aThrowingListenerDoesNotBreakForcedTransitionsOrBreakerCreation() {
        CircuitBreakerFactory factory = factoryWith(throwing(() -> new IllegalStateException("listener bug")), hearing);

        CircuitBreaker breaker = factory.getBreaker(NAME);
        breaker.transitionTo(CircuitState.FORCED_OPEN);
        breaker.transitionTo(CircuitState.DISABLED);
        breaker.reset();

        assertThat(breaker.getState()).isEqualTo(CircuitState.CLOSED);
        assertThat(heard).containsExactly(
                new BreakerCreated(NAME, breaker.getConfig()),
                new StateChanged(NAME, CircuitState.CLOSED, CircuitState.FORCED_OPEN, TransitionCause.FORCED),
                new StateChanged(NAME, CircuitState.FORCED_OPEN, CircuitState.DISABLED, TransitionCause.FORCED),
                new StateChanged(NAME, CircuitState.DISABLED, CircuitState.CLOSED, TransitionCause.FORCED));
        assertThat(factory.getListenerFailures()).isEqualTo(4);
    }

    @Test
    void listenerFailuresStopBeingCountedOnceTheListenerIsRemoved() {
        CircuitBreakerListener broken = throwing(() -> new IllegalStateException("listener bug"));
        CircuitBreakerFactory factory = factoryWith(broken, hearing);
        CircuitBreaker breaker = factory.getBreaker(NAME);
        assertThat(factory.getListenerFailures()).isEqualTo(1);

        assertThat(factory.removeListener(broken)).isTrue();
        assertThatThrownBy(() -> breaker.run(() -> {
            throw new IllegalStateException("down");
        })).hasMessage("down");

        assertThat(factory.getListenerFailures()).isEqualTo(1);
        assertThat(heard).endsWith(new FailureCounted(NAME, 1), finished(CallOutcome.FAILURE));
        assertThat(factory.removeListener(broken)).isFalse();
    }

    @Test
    void aListenerAddedLaterHearsLaterEventsOfExistingBreakers() {
        CircuitBreakerFactory factory = factoryWith();
        CircuitBreaker breaker = factory.getBreaker(NAME);
        factory.addListener(throwing(() -> new IllegalStateException("listener bug")));
        factory.addListener(hearing);

        breaker.open();

        assertThat(heard).containsExactly(
                new StateChanged(NAME, CircuitState.CLOSED, CircuitState.OPEN, TransitionCause.FORCED));
        assertThat(factory.getListenerFailures()).isEqualTo(1);
    }

    @Test
    void aListenerThrowingAnErrorDoesNotBreakTheCall() {
        CircuitBreakerFactory factory = factoryWith(hearing);
        CircuitBreaker breaker = factory.getBreaker(NAME);
        factory.addListener(throwing(() -> new Error("listener error")));
        RuntimeException failure = new RuntimeException("body");

        assertThat(catchThrowable(() -> breaker.run(() -> {
            throw failure;
        }))).isSameAs(failure);
        assertThat(heard).contains(new FailureCounted(NAME, 1));
        assertThat(factory.getListenerFailures()).as("FailureCounted, CallFinished").isEqualTo(2);
        assertThat(factory.getBreaker("another")).isNotNull(); // BreakerCreated must not break creation either
    }

    @Test
    void aListenerThrowingACheckedExceptionSneakilyDoesNotBreakTheCall() {
        CircuitBreakerFactory factory = factoryWith(hearing);
        CircuitBreaker breaker = factory.getBreaker(NAME);
        factory.addListener(throwing(() -> new IOException("listener I/O")));
        RuntimeException failure = new RuntimeException("body");

        assertThat(catchThrowable(() -> breaker.run(() -> {
            throw failure;
        }))).isSameAs(failure);
        assertThat(breaker.get(() -> "result")).isEqualTo("result");
        assertThat(factory.getListenerFailures()).isEqualTo(4); // FailureCounted, CallFinished, Recovered, CallFinished
        assertThat(factory.getBreaker("another")).isNotNull();
    }
}
