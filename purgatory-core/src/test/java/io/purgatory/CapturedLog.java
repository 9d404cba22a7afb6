package io.purgatory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what one class logs through {@link System.Logger} (backed by java.util.logging) for the
 * duration of a test, instead of printing it. Thread-safe; close it to restore the logger.
 */
final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private CapturedLog(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
        logger.addHandler(this);
        logger.setUseParentHandlers(false);
    }

    /**
     * Starts capturing the logger of this name.
     *
     * @param loggerName usually a class name
     * @return the capture, to close after the test
     */
    static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName);
    }

    List<LogRecord> records() {
        return records;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(true);
    }
}
