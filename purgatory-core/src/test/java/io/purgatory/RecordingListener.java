package io.purgatory;

import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.CircuitBreakerListener;
import io.purgatory.event.StateChanged;
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

    /**
     * Returns an event as tests compare it: a transition without its sequence number.
     *
     * @param event a delivered event
     * @return the event, unnumbered
     */
    static CircuitBreakerEvent unnumbered(CircuitBreakerEvent event) {
        return event instanceof StateChanged changed ? changed.unnumbered() : event;
    }

    /**
     * Returns the events received since the last drain, transitions without their sequence numbers
     * (compared by what happened; {@link #drainNumbered()} keeps them).
     */
    synchronized List<CircuitBreakerEvent> drain() {
        return drainNumbered().stream()
                .map(RecordingListener::unnumbered)
                .toList();
    }

    /** Returns the events received since the last drain, as they were delivered. */
    synchronized List<CircuitBreakerEvent> drainNumbered() {
        List<CircuitBreakerEvent> copy = List.copyOf(events);
        events.clear();
        return copy;
    }
}
