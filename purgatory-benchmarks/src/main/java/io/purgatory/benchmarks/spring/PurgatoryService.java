package io.purgatory.benchmarks.spring;

import io.purgatory.annotation.CircuitBreaker;
import io.purgatory.benchmarks.Payload;
import reactor.core.publisher.Mono;

/** The benchmarked method bodies guarded by Purgatory's {@code @CircuitBreaker}. Stateless; thread-safe. */
public class PurgatoryService {

    /**
     * The synchronous body.
     *
     * @return {@link Payload#RESULT}
     */
    @CircuitBreaker(BenchmarkContexts.CLOSED_CIRCUIT)
    public Integer work() {
        return Payload.work();
    }

    /**
     * The synchronous body behind one circuit per merchant, in the group {@code keyed}.
     *
     * @param merchant the key
     * @return {@link Payload#RESULT}
     */
    @CircuitBreaker(value = "keyed", key = "#merchant")
    public Integer workFor(String merchant) {
        return Payload.work();
    }

    /**
     * The synchronous body behind one circuit per merchant, its key evaluated by SpEL (not a bare parameter).
     *
     * @param merchant the key
     * @return {@link Payload#RESULT}
     */
    @CircuitBreaker(value = "keyed-spel", key = "#merchant.toString()")
    public Integer workForSpel(String merchant) {
        return Payload.work();
    }

    /**
     * The synchronous body behind a circuit that the benchmark keeps open.
     *
     * @return never returns: the circuit rejects the call
     */
    @CircuitBreaker(BenchmarkContexts.OPEN_CIRCUIT)
    public Integer workWhileOpen() {
        return Payload.work();
    }

    /**
     * The reactive body: a lazy {@code Mono} that does the work when subscribed.
     *
     * @return a {@code Mono} of {@link Payload#RESULT}
     */
    @CircuitBreaker(BenchmarkContexts.REACTIVE_CIRCUIT)
    public Mono<Integer> mono() {
        return Mono.fromSupplier(Payload::work);
    }
}
