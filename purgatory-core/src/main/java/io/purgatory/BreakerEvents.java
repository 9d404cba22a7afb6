package io.purgatory;

import io.purgatory.event.BreakerCreated;
import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.FailureCounted;
import io.purgatory.event.Recovered;
import io.purgatory.event.StateChanged;
import io.purgatory.event.StoreDegraded;
import io.purgatory.event.StoreRecovered;
import io.purgatory.event.TransitionCause;
import io.purgatory.store.CircuitSignals;
import java.util.ArrayDeque;
import java.util.TreeMap;

/**
 * Puts one breaker's events in order before the factory's listeners see them: {@link BreakerCreated}
 * first, then transitions in the order they happened, numbered. Thread-safe; listeners are called
 * outside its lock, by one thread at a time: a thread that finds another delivering leaves its event
 * to that thread, so an event may reach listeners on another thread than the one that caused it.
 *
 * <p>Per-call events bypass the queue once the breaker is announced, so a healthy call takes no lock.
 *
 * <p>It is also where the breaker's store reports its decisions ({@link CircuitSignals}), turned into events
 * here. A million keyed circuits must fit in a small heap: the queue and the transition count exist only
 * once the breaker has something to queue, and the events' names are built when an event is.
 */
final class BreakerEvents implements CircuitSignals {

    /**
     * Transitions held for a missing earlier one: past this many, the gap is skipped (its thread died
     * between its compare-and-set and its report) rather than holding every later event.
     */
    private static final int MAX_WAITING = 32;

    private enum Audience { ALL, CALLS, FINISHED }

    private record Pending(Audience audience, CircuitBreakerEvent event) {
    }

    /** What a breaker that has had events keeps: guarded by the events' lock. */
    private static final class Queue {
        // Created on first use and dropped once empty: most breakers sit quietly for a long time.
        ArrayDeque<Pending> ready;
        TreeMap<Long, StateChanged> waiting;
        long lastSequence;
    }

    private final CircuitBreaker breaker; // its publisher, names and store type: not copied, a breaker may be one of millions
    private Queue queue; // guarded by this; null until the first queued event or transition
    private boolean delivering; // guarded by this
    private volatile boolean announced;

    BreakerEvents(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    /** Delivers {@link BreakerCreated}, then whatever the breaker reported before it was announced. */
    void announce(BreakerCreated created) {
        synchronized (this) {
            // Nothing was delivered before: no other thread is delivering, and none will while this one is.
            announced = true;
            delivering = true;
        }
        try {
            breaker.publisher().publish(created);
        } finally {
            synchronized (this) {
                delivering = false;
            }
        }
        drain();
    }

    void callEvent(CircuitBreakerEvent event) {
        if (announced) {
            breaker.publisher().publishCallEvent(event);
        } else {
            enqueue(new Pending(Audience.CALLS, event));
        }
    }

    void finished(CircuitBreakerEvent event) {
        if (announced) {
            breaker.publisher().publishFinished(event);
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
            Queue q = queue();
            if (transition.sequence() <= 0) {
                ready().add(new Pending(Audience.ALL, numbered(transition, ++q.lastSequence)));
            } else if (transition.sequence() > q.lastSequence) {
                if (q.waiting == null) {
                    q.waiting = new TreeMap<>();
                }
                TreeMap<Long, StateChanged> held = q.waiting;
                held.put(transition.sequence(), transition);
                while (!held.isEmpty() && (held.firstKey() == q.lastSequence + 1 || held.size() > MAX_WAITING)) {
                    StateChanged next = held.pollFirstEntry().getValue();
                    q.lastSequence = next.sequence();
                    ready().add(new Pending(Audience.ALL, next));
                }
                if (held.isEmpty()) {
                    q.waiting = null;
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

    /** Guarded by this. */
    private Queue queue() {
        if (queue == null) {
            queue = new Queue();
        }
        return queue;
    }

    /** Guarded by this. */
    private ArrayDeque<Pending> ready() {
        Queue q = queue();
        if (q.ready == null) {
            q.ready = new ArrayDeque<>(4);
        }
        return q.ready;
    }

    private void drain() {
        for (;;) {
            Pending next;
            synchronized (this) {
                ArrayDeque<Pending> ready = queue == null ? null : queue.ready;
                if (delivering || !announced || ready == null || ready.isEmpty()) {
                    return;
                }
                next = ready.poll();
                if (ready.isEmpty()) {
                    queue.ready = null;
                }
                delivering = true;
            }
            try {
                switch (next.audience()) {
                    case ALL -> breaker.publisher().publish(next.event());
                    case CALLS -> breaker.publisher().publishCallEvent(next.event());
                    case FINISHED -> breaker.publisher().publishFinished(next.event());
                }
            } finally {
                synchronized (this) {
                    delivering = false;
                }
            }
        }
    }

    // ---- the store's signals, turned into events -------------------------------------------------

    @Override
    public void failureCounted(int consecutiveFailures) {
        if (breaker.publisher().hasCallListeners()) {
            callEvent(new FailureCounted(breaker.getName(), consecutiveFailures, breaker.getGroup(), breaker.getKey()));
        }
    }

    @Override
    public void recovered() {
        if (breaker.publisher().hasCallListeners()) {
            callEvent(new Recovered(breaker.getName(), breaker.getGroup(), breaker.getKey()));
        }
    }

    @Override
    public void stateChanged(CircuitState from, CircuitState to, TransitionCause cause) {
        stateChanged(from, to, cause, 0L);
    }

    @Override
    public void stateChanged(CircuitState from, CircuitState to, TransitionCause cause, long sequence) {
        transition(new StateChanged(breaker.getName(), from, to, cause, sequence, breaker.getGroup(), breaker.getKey()));
    }

    @Override
    public void storeDegraded(String reason) {
        event(new StoreDegraded(breaker.getName(), breaker.getStoreType(), reason, breaker.getGroup(), breaker.getKey()));
    }

    @Override
    public void storeRecovered() {
        event(new StoreRecovered(breaker.getName(), breaker.getStoreType(), breaker.getGroup(), breaker.getKey()));
    }
}
