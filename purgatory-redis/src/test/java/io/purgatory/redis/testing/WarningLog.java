package io.purgatory.redis.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The warnings one logger writes while it is open: the store logs through {@code System.Logger}, here
 * {@code java.util.logging}, whose console handler keeps the stream of whichever test logged first, so
 * captured console output cannot tell one test's lines from another's. Thread-safe.
 */
public final class WarningLog implements AutoCloseable {

    private final Logger logger;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                messages.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private WarningLog(Logger logger) {
        this.logger = logger;
        logger.addHandler(handler);
    }

    /**
     * Starts collecting the warnings (and worse) of the logger named after a class.
     *
     * @param loggerOwner the class whose name the logger has
     * @return the open log
     */
    public static WarningLog of(Class<?> loggerOwner) {
        return new WarningLog(Logger.getLogger(loggerOwner.getName()));
    }

    /** The messages collected so far, in order. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
