package io.purgatory.benchmarks.spring;

import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.purgatory.benchmarks.Payload;
import reactor.core.publisher.Mono;

/** The benchmarked method bodies guarded by Resilience4j's {@code @CircuitBreaker}. Stateless; thread-safe. */
public class Resilience4jService {

    /**
     * The synchronous body.
     *
     * @return {@link Payload#RESULT}
     */
    @CircuitBreaker(name = BenchmarkContexts.CLOSED_CIRCUIT)
    public Integer work() {
        return Payload.work();
    }

    /**
     * The synchronous body behind a circuit that the benchmark keeps open.
     *
     * @return never returns: the circuit rejects the call
     */
    @CircuitBreaker(name = BenchmarkContexts.OPEN_CIRCUIT)
    public Integer workWhileOpen() {
        return Payload.work();
    }

    /**
     * The reactive body: a lazy {@code Mono} that does the work when subscribed.
     *
     * @return a {@code Mono} of {@link Payload#RESULT}
     */
    @CircuitBreaker(name = BenchmarkContexts.REACTIVE_CIRCUIT)
    public Mono<Integer> mono() {
        return Mono.fromSupplier(Payload::work);
    }
}
