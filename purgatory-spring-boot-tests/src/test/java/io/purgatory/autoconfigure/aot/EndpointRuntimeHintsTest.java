package io.purgatory.autoconfigure.aot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.RateWindow;
import io.purgatory.autoconfigure.endpoint.BreakerDescriptor;
import io.purgatory.autoconfigure.endpoint.BreakersDescriptor;
import io.purgatory.autoconfigure.endpoint.InvalidStateDescriptor;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.test.context.FilteredClassLoader;

// onMethod is deprecated for removal in Framework 7, but its replacement (onMethodInvocation) is missing
// from 6.2, and these tests compile against both lines.
@SuppressWarnings("removal")
class EndpointRuntimeHintsTest {

    @Test
    void makesEveryResponseBodySerializable() {
        RuntimeHints hints = new RuntimeHints();

        new EndpointRuntimeHints().registerHints(hints, getClass().getClassLoader());

        assertThat(reflection().onMethod(BreakersDescriptor.class, "breakers").invoke()).accepts(hints);
        assertThat(reflection().onMethod(BreakerDescriptor.class, "state").invoke()).accepts(hints);
        assertThat(reflection().onMethod(BreakerDescriptor.class, "config").invoke()).accepts(hints);
        assertThat(reflection().onMethod(InvalidStateDescriptor.class, "validStates").invoke()).accepts(hints);
    }

    @Test
    void makesTheConfigurationComponentsTheEndpointReadsReflectivelyInvocable() {
        RuntimeHints hints = new RuntimeHints();

        new EndpointRuntimeHints().registerHints(hints, getClass().getClassLoader());

        assertThat(reflection().onMethod(CircuitBreakerConfig.class, "threshold").invoke()).accepts(hints);
        assertThat(reflection().onMethod(RateWindow.class, "minimumCalls").invoke()).accepts(hints);
    }

    @Test
    void registersNothingWithoutActuator() {
        RuntimeHints hints = new RuntimeHints();

        new EndpointRuntimeHints().registerHints(hints, new FilteredClassLoader(OperationResponseBody.class));

        assertThat(reflection().onType(BreakerDescriptor.class)).rejects(hints);
        assertThat(reflection().onType(CircuitBreakerConfig.class)).rejects(hints);
    }
}
