package io.purgatory.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitBreakerGroup;
import io.purgatory.CircuitState;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/** The endpoint's view of groups of keyed circuits, as a plain object. */
class PurgatoryEndpointGroupTest {

    private final CircuitBreakerFactory factory = CircuitBreakerFactory.builder()
            .breaker("payments", CircuitBreakerConfig.builder().threshold(2).maxKeys(500).build())
            .build();
    private final PurgatoryEndpoint endpoint = new PurgatoryEndpoint(factory);
    private final PurgatoryEndpointWebExtension extension = new PurgatoryEndpointWebExtension(endpoint);
    private final CircuitBreakerGroup payments = factory.getGroup("payments");

    private static String[] segments(String name) {
        return new String[] {name};
    }

    @Test
    void listsGroupsWithTheirCountsPerStateAndNotTheirKeyedCircuitsAsBreakers() {
        payments.breaker("m1");
        payments.breaker("m2").transitionTo(CircuitState.OPEN);

        BreakersDescriptor all = endpoint.breakers();

        assertThat(all.groups()).containsOnlyKeys("payments");
        assertThat(all.groups().get("payments").keys()).isEqualTo(2);
        assertThat(all.groups().get("payments").states()).containsEntry("closed", 1).containsEntry("open", 1)
                .containsEntry("half_open", 0);
        assertThat(all.breakers()).as("the group's shared circuit is only created on first use").isEmpty();
    }

    @Test
    void readingAGroupShowsItsConfigCountsAndTheKeysThatAreNotClosed() {
        payments.breaker("m1");
        payments.breaker("m2").transitionTo(CircuitState.OPEN);
        payments.breaker("m3").transitionTo(CircuitState.HALF_OPEN);

        GroupDescriptor group = (GroupDescriptor) endpoint.breaker(segments("payments"), null);

        assertThat(group.keys()).isEqualTo(3);
        assertThat(group.config()).containsEntry("threshold", 2).containsEntry("maxKeys", 500);
        assertThat(group.openKeys()).containsExactly(java.util.Map.entry("m2", CircuitState.OPEN),
                java.util.Map.entry("m3", CircuitState.HALF_OPEN));
        assertThat(group.openKeysTruncated()).isFalse();
        assertThat(group.shared()).isNull();
    }

    @Test
    void theListOfKeysThatAreNotClosedIsCapped() {
        for (int i = 0; i < GroupDescriptor.MAX_LISTED_KEYS + 5; i++) {
            payments.breaker("k" + i).transitionTo(CircuitState.FORCED_OPEN);
        }

        GroupDescriptor group = (GroupDescriptor) endpoint.breaker(segments("payments"), null);

        assertThat(group.openKeys()).hasSize(GroupDescriptor.MAX_LISTED_KEYS);
        assertThat(group.openKeysTruncated()).isTrue();
        assertThat(group.states()).containsEntry("forced_open", GroupDescriptor.MAX_LISTED_KEYS + 5);
    }

    @Test
    void aKeyAddressesOneKeyedCircuitToReadAndToForce() {
        payments.breaker("m1");

        BreakerDescriptor read = (BreakerDescriptor) endpoint.breaker(segments("payments"), "m1");
        assertThat(read.state()).isEqualTo(CircuitState.CLOSED);

        WebEndpointResponse<?> forced = extension.forceState(segments("payments"), "open", "m1");
        assertThat(forced.getStatus()).isEqualTo(200);
        assertThat(((BreakerDescriptor) forced.getBody()).state()).isEqualTo(CircuitState.OPEN);
        assertThat(payments.findBreaker("m1").orElseThrow().getState()).isEqualTo(CircuitState.OPEN);
        assertThat(factory.findBreaker("payments")).as("the shared circuit is untouched").isEmpty();
    }

    @Test
    void unknownGroupsAndKeysAreNotFoundAndCreateNothing() {
        payments.breaker("m1");

        assertThat(endpoint.breaker(segments("payments"), "typo")).isNull();
        assertThat(endpoint.breaker(segments("nogroup"), "m1")).isNull();
        assertThat(extension.forceState(segments("payments"), "OPEN", "typo").getStatus()).isEqualTo(404);
        assertThat(extension.forceState(segments("nogroup"), "OPEN", "m1").getStatus()).isEqualTo(404);
        assertThat(payments.findBreaker("typo")).isEmpty();
        assertThat(factory.findGroup("nogroup")).isEmpty();
    }

    @Test
    void anUnknownStateForAKeyIsABadRequest() {
        payments.breaker("m1");

        assertThat(extension.forceState(segments("payments"), "AJAR", "m1").getStatus()).isEqualTo(400);
    }
}
