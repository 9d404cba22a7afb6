package io.purgatory.sample;

import io.purgatory.event.CircuitBreakerEvent;
import io.purgatory.event.CircuitBreakerListener;
import io.purgatory.event.StateChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Logs every state change of every breaker in one readable line. Stateless; thread-safe. */
@Component
public class TransitionLogger implements CircuitBreakerListener {

    private static final Logger LOG = LoggerFactory.getLogger(TransitionLogger.class);

    /** Only transitions are logged, so the breakers need not build per-call events for this listener. */
    @Override
    public boolean receivesCallEvents() {
        return false;
    }

    @Override
    public void onEvent(CircuitBreakerEvent event) {
        if (event instanceof StateChanged change) {
            LOG.info("circuit '{}' {} -> {} ({})", change.circuitName(), change.from(), change.to(), change.cause());
        }
    }
}
