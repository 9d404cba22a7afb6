package io.purgatory;

import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.CircuitBreakerListener;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event it receives, in order. Thread-safe. */
final class RecordingListener implements CircuitBreakerListener {

    private final List<CircuitBreakerEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(CircuitBreakerEvent event) {
        events.add(event);
    }

    synchronized List<CircuitBreakerEvent> drain() {
        List<CircuitBreakerEvent> copy = List.copyOf(events);
        events.clear();
        return copy;
    }
}
