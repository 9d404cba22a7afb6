package io.purgatory.springcloud.gateway;

import io.purgatory.CircuitOpenException;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.filter.factory.SpringCloudCircuitBreakerFilterFactory;
import org.springframework.cloud.gateway.support.ServiceUnavailableException;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway's {@code CircuitBreaker} filter on Purgatory: the route's circuit is Purgatory's breaker of
 * the filter's {@code name}. Without a {@code fallbackUri}, a rejection answers 503 Service Unavailable, a timeout
 * 504, and any other failure propagates (as the gateway's Resilience4j filter does). Thread-safe.
 */
public class PurgatoryGatewayFilterFactory extends SpringCloudCircuitBreakerFilterFactory {

    /**
     * Creates the filter factory.
     *
     * @param circuitBreakers the reactive Spring Cloud factory (Purgatory's)
     * @param dispatcherHandler the gateway's dispatcher, for {@code forward:} fallbacks
     */
    public PurgatoryGatewayFilterFactory(ReactiveCircuitBreakerFactory circuitBreakers,
            ObjectProvider<DispatcherHandler> dispatcherHandler) {
        super(circuitBreakers, dispatcherHandler);
    }

    @Override
    protected Mono<Void> handleErrorWithoutFallback(Throwable failure, boolean resumeWithoutError) {
        if (failure instanceof CircuitOpenException) {
            return Mono.error(new ServiceUnavailableException());
        }
        if (failure instanceof TimeoutException) {
            return Mono.error(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, failure.getMessage(), failure));
        }
        return resumeWithoutError ? Mono.empty() : Mono.error(failure);
    }
}
