package io.purgatory.springcloud;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitNames;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Spring Cloud circuit breakers a factory has handed out, one per id, each wrapping the Purgatory breaker of the
 * same name. Integrations such as OpenFeign call {@code create(id)} on every request, so after the first call an id
 * costs one map lookup. Thread-safe.
 *
 * @param <A> the Spring Cloud circuit breaker type
 */
final class CircuitAdapters<A> {

    private final CircuitBreakerFactory breakers;
    private final SpringCloudCircuitSettings settings;
    private final Function<CircuitBreaker, A> adapter;
    private final ConcurrentHashMap<String, A> created = new ConcurrentHashMap<>();

    CircuitAdapters(CircuitBreakerFactory breakers, SpringCloudCircuitSettings settings, Function<CircuitBreaker, A> adapter) {
        this.breakers = breakers;
        this.settings = settings;
        this.adapter = adapter;
    }

    A get(String id) {
        A existing = id == null ? null : created.get(id);
        if (existing != null) {
            return existing;
        }
        CircuitNames.requireValid(id);
        return created.computeIfAbsent(id, name -> {
            settings.created(name); // before the breaker exists, so configureDefault can apply to it
            return adapter.apply(breakers.getBreaker(name));
        });
    }
}
