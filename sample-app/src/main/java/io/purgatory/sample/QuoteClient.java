package io.purgatory.sample;

import io.purgatory.CircuitOpenException;
import io.purgatory.annotation.CircuitBreaker;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Calls the downstream through circuit breakers, one method per return type. Thread-safe.
 */
@Service
public class QuoteClient {

    private final Downstream downstream;

    public QuoteClient(Downstream downstream) {
        this.downstream = downstream;
    }

    /** Plain return type with a fallback: while the circuit is open, callers get the last known price. */
    @CircuitBreaker(value = "quotes", fallbackMethod = "cachedQuote")
    public Quote quote(String symbol) {
        return new Quote(symbol, downstream.price(symbol), "live");
    }

    Quote cachedQuote(String symbol, CircuitOpenException rejected) {
        return new Quote(symbol, 40.0, "fallback: circuit " + rejected.getCircuitName() + " is open");
    }

    Quote cachedQuote(String symbol, Downstream.DownstreamUnavailableException failure) {
        return new Quote(symbol, 40.0, "fallback: " + failure.getMessage());
    }

    /**
     * One circuit per symbol (group {@code quotes-by-symbol}): a symbol whose prices fail opens its own
     * circuit, and the other symbols keep being priced live.
     */
    @CircuitBreaker(value = "quotes-by-symbol", key = "#symbol", fallbackMethod = "cachedQuote")
    public Quote quoteBySymbol(String symbol) {
        return new Quote(symbol, downstream.price(symbol), "live");
    }

    /** CompletableFuture: a failed future is a failure; when open, the future fails with CircuitOpenException. */
    @CircuitBreaker("quotes-async")
    public CompletableFuture<Quote> quoteAsync(String symbol) {
        return CompletableFuture.supplyAsync(() -> new Quote(symbol, downstream.price(symbol), "live"));
    }

    /** Reactor Mono: the permission is taken at subscription; an error signal is a failure. */
    @CircuitBreaker("quotes-reactive")
    public Mono<Quote> quoteReactive(String symbol) {
        return Mono.fromCallable(() -> new Quote(symbol, downstream.price(symbol), "live"));
    }

    /** A business exception (out of stock) is excluded: it reaches the caller but never opens the circuit. */
    @CircuitBreaker(value = "orders", exclude = OutOfStockException.class)
    public String order(String item) {
        if (item.startsWith("sold-out")) {
            throw new OutOfStockException(item);
        }
        downstream.price(item);
        return "ordered " + item;
    }

    /**
     * A price answer.
     *
     * @param symbol the stock symbol
     * @param price the price
     * @param source where the price came from
     */
    public record Quote(String symbol, double price, String source) {
    }

    /** The item cannot be ordered: a business answer, not an outage. */
    public static class OutOfStockException extends RuntimeException {
        public OutOfStockException(String item) {
            super(item + " is out of stock");
        }
    }
}
