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
    private final List<CircuitBreakerListener> callListeners = new CopyOnWriteArrayList<>();
    private final List<CircuitBreakerListener> finishedListeners = new CopyOnWriteArrayList<>();
    private final LongAdder failures = new LongAdder();
    // Read by every call: one field each, rather than a walk through the lists to their arrays.
    private volatile boolean anyCallListener;
    private volatile boolean anyFinishedListener;

    synchronized void add(CircuitBreakerListener listener) {
        listeners.add(listener);
        if (listener.receivesCallEvents()) {
            callListeners.add(listener);
        }
        if (listener.receivesCallFinished()) {
            finishedListeners.add(listener);
        }
        audiencesChanged();
    }

    synchronized boolean remove(CircuitBreakerListener listener) {
        callListeners.remove(listener);
        finishedListeners.remove(listener);
        boolean removed = listeners.remove(listener);
        audiencesChanged();
        return removed;
    }

    private void audiencesChanged() {
        anyCallListener = !callListeners.isEmpty();
        anyFinishedListener = !finishedListeners.isEmpty();
    }

    /**
     * Whether a per-call event (failure counted, recovered, rejected) is worth building: lets the call
     * path skip the allocation when only transition listeners are registered.
     */
    boolean hasCallListeners() {
        return anyCallListener;
    }

    /** Publishes a per-call event to the listeners that want those. */
    void publishCallEvent(CircuitBreakerEvent event) {
        deliver(callListeners, event);
    }

    /** Whether a {@link io.purgatory.event.CallFinished} is worth building for the call that just ended. */
    boolean hasFinishedListeners() {
        return anyFinishedListener;
    }

    /** Publishes the end of a call to the listeners that asked for every call. */
    void publishFinished(CircuitBreakerEvent event) {
        deliver(finishedListeners, event);
    }

    /** Publishes an event to every listener. */
    void publish(CircuitBreakerEvent event) {
        deliver(listeners, event);
    }

    private void deliver(List<CircuitBreakerListener> targets, CircuitBreakerEvent event) {
        for (CircuitBreakerListener listener : targets) {
            try {
                listener.onEvent(event);
            } catch (VirtualMachineError fatal) {
                throw fatal; // out of memory or stack: nothing sensible can continue
            } catch (Throwable e) {
                // A broken listener (even one throwing a checked exception sneakily, or an Error) must
                // never break the call that caused the event, nor keep later listeners from it.
                failures.increment();
                LOG.log(Level.WARNING, () -> "Circuit breaker listener " + listener + " failed on " + event, e);
            }
        }
    }

    long failures() {
        return failures.sum();
    }
}
