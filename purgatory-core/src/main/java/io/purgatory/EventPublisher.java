package io.purgatory;

import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.CircuitBreakerListener;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivers events to the listeners of one factory, in the order they were added, containing their
 * failures. Thread-safe; listeners may be added and removed while events flow.
 */
final class EventPublisher {

    private static final System.Logger LOG = System.getLogger(CircuitBreakerFactory.class.getName());

    private final List<CircuitBreakerListener> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder failures = new LongAdder();

    void add(CircuitBreakerListener listener) {
        listeners.add(listener);
    }

    boolean remove(CircuitBreakerListener listener) {
        return listeners.remove(listener);
    }

    /** Whether publishing is worth building an event for; lets the rejection path skip the allocation. */
    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    void publish(CircuitBreakerEvent event) {
        for (CircuitBreakerListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                // A broken listener must never break the call that caused the event.
                failures.increment();
                LOG.log(Level.WARNING, () -> "Circuit breaker listener " + listener + " failed on " + event, e);
            }
        }
    }

    long failures() {
        return failures.sum();
    }
}
