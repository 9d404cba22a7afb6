package io.purgatory.event;

/**
 * Receives every event of the breakers of a {@link io.purgatory.CircuitBreakerFactory}.
 *
 * <p>Called synchronously on the thread that caused the event, outside any lock. Implementations
 * must be thread-safe and quick. An exception thrown by a listener never reaches the call: it is
 * logged and counted by the factory.
 */
@FunctionalInterface
public interface CircuitBreakerListener {

    /**
     * Handles one event.
     *
     * @param event what happened
     */
    void onEvent(CircuitBreakerEvent event);

    /**
     * Whether this listener wants the per-call events of failing, rejected and recovering calls
     * ({@link FailureCounted}, {@link Recovered}, {@link CallRejected}). A listener that answers
     * {@code false} still receives every other event, and while no listener wants them the breaker
     * does not even build them, so the call path allocates nothing for listeners that only watch
     * transitions (meters, loggers).
     *
     * @return {@code true} by default
     */
    default boolean receivesCallEvents() {
        return true;
    }

    /**
     * Whether this listener wants a {@link CallFinished} for every call that ran, successes included.
     * Off unless asked for: it costs every call an event, which only something like a latency
     * histogram needs. Independent of {@link #receivesCallEvents()}.
     *
     * @return {@code false} by default
     */
    default boolean receivesCallFinished() {
        return false;
    }
}
