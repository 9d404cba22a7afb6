package io.purgatory.springcloud;

import io.purgatory.CircuitOpenException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;

/**
 * A Spring Cloud circuit breaker that runs each call through one Purgatory breaker. As with Spring Cloud's other
 * implementations, the fallback receives whatever ended the call: a {@link CircuitOpenException} when the circuit
 * rejected it (the supplier did not run), or the supplier's own exception, counted or excluded. Fatal errors
 * ({@link VirtualMachineError}) are rethrown, never given to a fallback. Thread-safe.
 */
final class PurgatorySpringCloudCircuitBreaker implements CircuitBreaker {

    private final io.purgatory.CircuitBreaker breaker;

    PurgatorySpringCloudCircuitBreaker(io.purgatory.CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    @Override
    public <T> T run(Supplier<T> toRun, Function<Throwable, T> fallback) {
        try {
            return breaker.get(toRun);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) {
            return fallback.apply(failure);
        }
    }

    @Override
    public String toString() {
        return "PurgatorySpringCloudCircuitBreaker[" + breaker.getName() + "]";
    }
}
