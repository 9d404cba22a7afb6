package io.purgatory.autoconfigure.aot;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.autoconfigure.endpoint.BreakerDescriptor;
import io.purgatory.autoconfigure.endpoint.BreakersDescriptor;
import io.purgatory.autoconfigure.endpoint.GroupCountsDescriptor;
import io.purgatory.autoconfigure.endpoint.GroupDescriptor;
import io.purgatory.autoconfigure.endpoint.InvalidStateDescriptor;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * Registers the {@code purgatory} endpoint's response bodies for JSON serialization when Actuator
 * is present, and the breaker configuration whose record components the endpoint reads
 * reflectively. Stateless; thread-safe.
 *
 * <p>Boot derives binding hints from an operation's declared return type; {@code forceState}
 * declares only {@code OperationResponseBody}, so the records behind it must be named here.
 */
final class EndpointRuntimeHints implements RuntimeHintsRegistrar {

    // By name: the descriptors implement an Actuator type and cannot be loaded without Actuator.
    private static final String ACTUATOR_BODY = "org.springframework.boot.actuate.endpoint.OperationResponseBody";

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        if (ClassUtils.isPresent(ACTUATOR_BODY, classLoader)) {
            new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(), BreakersDescriptor.class,
                    BreakerDescriptor.class, InvalidStateDescriptor.class, CircuitBreakerConfig.class,
                    GroupDescriptor.class, GroupCountsDescriptor.class);
        }
    }
}
