package io.purgatory.benchmarks.spring;

import io.purgatory.benchmarks.Payload;
import reactor.core.publisher.Mono;

/** The floor: the benchmarked method bodies in a bean that no aspect advises. Stateless; thread-safe. */
public class PlainService {

    /**
     * The synchronous body.
     *
     * @return {@link Payload#RESULT}
     */
    public Integer work() {
        return Payload.work();
    }

    /**
     * The reactive body: a lazy {@code Mono} that does the work when subscribed.
     *
     * @return a {@code Mono} of {@link Payload#RESULT}
     */
    public Mono<Integer> mono() {
        return Mono.fromSupplier(Payload::work);
    }
}
