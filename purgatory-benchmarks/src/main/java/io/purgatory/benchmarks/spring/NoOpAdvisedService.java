package io.purgatory.benchmarks.spring;

import io.purgatory.benchmarks.Payload;
import reactor.core.publisher.Mono;

/** The benchmarked method bodies, marked for the no-op advices ({@link NoOpAdvised}). Stateless; thread-safe. */
public class NoOpAdvisedService {

    /**
     * The synchronous body.
     *
     * @return {@link Payload#RESULT}
     */
    @NoOpAdvised
    public Integer work() {
        return Payload.work();
    }

    /**
     * The reactive body: a lazy {@code Mono} that does the work when subscribed.
     *
     * @return a {@code Mono} of {@link Payload#RESULT}
     */
    @NoOpAdvised
    public Mono<Integer> mono() {
        return Mono.fromSupplier(Payload::work);
    }
}
