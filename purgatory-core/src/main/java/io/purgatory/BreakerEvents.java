package io.purgatory;

import io.purgatory.event.BreakerCreated;
import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.StateChanged;
import java.util.ArrayDeque;
import java.util.TreeMap;

/**
 * Puts one breaker's events in order before the factory's listeners see them: {@link BreakerCreated}
 * first, then transitions in the order they happened, numbered. Thread-safe; listeners are called
 * outside its lock, by one thread at a time: a thread that finds another delivering leaves its event
 * to that thread, so an event may reach listeners on another thread than the one that caused it.
 *
 * <p>Per-call events bypass the queue once the breaker is announced, so a healthy call takes no lock.
 */
final class BreakerEvents {

    /**
     * Transitions held for a missing earlier one: past this many, the gap is skipped (its thread died
     * between its compare-and-set and its report) rather than holding every later event.
     */
    private static final int MAX_WAITING = 32;

    private enum Audience { ALL, CALLS, FINISHED }

    private record Pending(Audience audience, CircuitBreakerEvent event) {
    }

    private final EventPublisher publisher;
    // Created on first use and dropped once empty (guarded by this): most breakers sit quietly for a long time,
    // and thousands of them should not each carry two empty collections.
    private ArrayDeque<Pending> ready;
    private TreeMap<Long, StateChanged> waiting;
    private long lastSequence;
    private boolean delivering;
    private volatile boolean announced;

    BreakerEvents(EventPublisher publisher) {
        this.publisher = publisher;
    }

    /** Delivers {@link BreakerCreated}, then whatever the breaker reported before it was announced. */
    void announce(BreakerCreated created) {
        synchronized (this) {
            ready().addFirst(new Pending(Audience.ALL, created));
            announced = true;
        }
        drain();
    }

    void callEvent(CircuitBreakerEvent event) {
        if (announced) {
            publisher.publishCallEvent(event);
        } else {
            enqueue(new Pending(Audience.CALLS, event));
        }
    }

    void finished(CircuitBreakerEvent event) {
        if (announced) {
            publisher.publishFinished(event);
        } else {
            enqueue(new Pending(Audience.FINISHED, event));
        }
    }

    void event(CircuitBreakerEvent event) {
        enqueue(new Pending(Audience.ALL, event));
    }

    /**
     * Queues a transition.
     *
     * @param transition the transition, its sequence 0 when the store does not number transitions
     */
    void transition(StateChanged transition) {
        synchronized (this) {
            if (transition.sequence() <= 0) {
                ready().add(new Pending(Audience.ALL, numbered(transition, ++lastSequence)));
            } else if (transition.sequence() > lastSequence) {
                TreeMap<Long, StateChanged> held = waiting();
                held.put(transition.sequence(), transition);
                while (!held.isEmpty() && (held.firstKey() == lastSequence + 1 || held.size() > MAX_WAITING)) {
                    StateChanged next = held.pollFirstEntry().getValue();
                    lastSequence = next.sequence();
                    ready().add(new Pending(Audience.ALL, next));
                }
                if (held.isEmpty()) {
                    waiting = null;
                }
            }
        }
        drain();
    }

    private static StateChanged numbered(StateChanged t, long sequence) {
        return t.withSequence(sequence);
    }

    private void enqueue(Pending pending) {
        synchronized (this) {
            ready().add(pending);
        }
        drain();
    }

    private ArrayDeque<Pending> ready() {
        if (ready == null) {
            ready = new ArrayDeque<>(4);
        }
        return ready;
    }

    private TreeMap<Long, StateChanged> waiting() {
        if (waiting == null) {
            waiting = new TreeMap<>();
        }
        return waiting;
    }

    private void drain() {
        for (;;) {
            Pending next;
            synchronized (this) {
                if (delivering || !announced || ready == null || ready.isEmpty()) {
                    return;
                }
                next = ready.poll();
                if (ready.isEmpty()) {
                    ready = null;
                }
                delivering = true;
            }
            try {
                switch (next.audience()) {
                    case ALL -> publisher.publish(next.event());
                    case CALLS -> publisher.publishCallEvent(next.event());
                    case FINISHED -> publisher.publishFinished(next.event());
                }
            } finally {
                synchronized (this) {
                    delivering = false;
                }
            }
        }
    }
}
