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
}
