package io.purgatory;

import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.CircuitBreakerListener;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Keeps every event it receives, in order, {@link io.purgatory.event.CallFinished} included. Thread-safe. */
final class RecordingListener implements CircuitBreakerListener {

    private final List<CircuitBreakerEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(CircuitBreakerEvent event) {
        events.add(event);
    }

    @Override
    public boolean receivesCallFinished() {
        return true;
    }

    /**
     * Returns a listener that hands every event to {@code sink}, {@link io.purgatory.event.CallFinished} included.
     *
     * @param sink where events go
     * @return the listener
     */
    static CircuitBreakerListener everyEvent(Consumer<CircuitBreakerEvent> sink) {
        return new CircuitBreakerListener() {
            @Override
            public void onEvent(CircuitBreakerEvent event) {
                sink.accept(event);
            }

            @Override
            public boolean receivesCallFinished() {
                return true;
            }
        };
    }

    synchronized List<CircuitBreakerEvent> drain() {
        List<CircuitBreakerEvent> copy = List.copyOf(events);
        events.clear();
        return copy;
    }
}
