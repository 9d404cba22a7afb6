package io.purgatory.sample;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * A simulated unreliable dependency inside the app, switched between healthy, failing and slow at
 * runtime through {@link DownstreamController}. Thread-safe.
 */
@Component
public class Downstream {

    /** How the downstream behaves. */
    public enum Mode { HEALTHY, FAILING, SLOW }

    private static final Duration SLOW_RESPONSE = Duration.ofMillis(1500);

    private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.HEALTHY);
    private final Set<String> failingSymbols = ConcurrentHashMap.newKeySet();

    public Mode mode() {
        return mode.get();
    }

    public void switchTo(Mode newMode) {
        mode.set(newMode);
    }

    /**
     * Makes the downstream fail for one symbol only (or heals it), whatever its mode.
     *
     * @param symbol the stock symbol
     * @param failing whether its price requests fail
     */
    public void failSymbol(String symbol, boolean failing) {
        if (failing) {
            failingSymbols.add(symbol);
        } else {
            failingSymbols.remove(symbol);
        }
    }

    /**
     * Returns the symbols the downstream fails for, whatever its mode.
     *
     * @return a snapshot
     */
    public Set<String> failingSymbols() {
        return Set.copyOf(failingSymbols);
    }

    /**
     * Returns the price of a stock, as a remote pricing service would.
     *
     * @param symbol the stock symbol
     * @return the price
     * @throws DownstreamUnavailableException when the downstream is failing, for every symbol or this one
     */
    public double price(String symbol) {
        if (failingSymbols.contains(symbol)) {
            throw new DownstreamUnavailableException("pricing service returned 503 for " + symbol);
        }
        switch (mode.get()) {
            case FAILING -> throw new DownstreamUnavailableException("pricing service returned 503");
            case SLOW -> pause();
            default -> { }
        }
        return 40 + Math.abs(symbol.hashCode() % 10);
    }

    private static void pause() {
        try {
            Thread.sleep(SLOW_RESPONSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The downstream failed. */
    public static class DownstreamUnavailableException extends RuntimeException {
        public DownstreamUnavailableException(String message) {
            super(message);
        }
    }
}
