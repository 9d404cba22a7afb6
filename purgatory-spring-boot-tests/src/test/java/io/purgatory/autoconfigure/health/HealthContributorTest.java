package io.purgatory.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import io.purgatory.ManualTimeSource;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.testing.LineHealth;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * The health contributor of the Boot line under test (Boot3HealthContributor or Boot4HealthContributor): one
 * component per plain breaker and per group of keyed circuits.
 */
class HealthContributorTest {

    private final CircuitBreakerFactory factory = new CircuitBreakerFactory();
    private final Object contributor = LineHealth.contributor(factory, OpenCircuitStatus.UP, TimeSource.system());

    @Test
    void hasOneComponentPerBreakerInNameOrder() {
        factory.getBreaker("payments");
        factory.getBreaker("inventory");

        assertThat(names()).containsExactly("inventory", "payments");
    }

    @Test
    void includesBreakersCreatedLater() {
        assertThat(names()).isEmpty();

        factory.getBreaker("late");

        assertThat(names()).containsExactly("late");
        assertThat(LineHealth.componentStatus(contributor, "late")).isEqualTo("UP");
    }

    @Test
    void unknownNameHasNoComponentAndCreatesNoBreaker() {
        assertThat(LineHealth.componentStatus(contributor, "typo")).isNull();
        assertThat(factory.findBreaker("typo")).isEmpty();
    }

    @Test
    void aGroupIsOneComponentNamedLikeTheGroupWithItsSharedCircuitInside() {
        factory.getBreaker("plain");
        factory.getBreaker("payments", "m-1");
        factory.getBreaker("payments", "m-2");
        factory.getBreaker("payments"); // the group's shared circuit

        assertThat(names()).containsExactly("payments", "plain");
        assertThat(LineHealth.componentDetails(contributor, "payments")).containsEntry("keys", 2)
                .containsEntry("shared", CircuitState.CLOSED);
    }

    @Test
    void aGroupCountsItsCircuitsPerStateAndListsTheKeysThatAreNotClosed() {
        factory.getBreaker("payments", "m-1").open();
        factory.getBreaker("payments", "m-2").transitionTo(CircuitState.FORCED_OPEN);
        factory.getBreaker("payments", "m-3");

        Map<String, Object> details = LineHealth.componentDetails(contributor, "payments");

        assertThat(details).containsEntry("keys", 3).containsEntry("rejectingKeys", 2)
                .containsEntry("openKeys", Map.of("m-1", CircuitState.OPEN, "m-2", CircuitState.FORCED_OPEN))
                .containsEntry("openKeysTruncated", false).doesNotContainKey("shared");
        assertThat(details.get("states")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("closed", 1).containsEntry("open", 1).containsEntry("forced_open", 1);
    }

    @Test
    void aGroupListsAtMostAHundredKeysThatAreNotClosed() {
        for (int i = 0; i < GroupHealth.MAX_LISTED_KEYS + 1; i++) {
            factory.getBreaker("payments", "m-" + i).open();
        }

        Map<String, Object> details = LineHealth.componentDetails(contributor, "payments");

        assertThat(details).containsEntry("keys", GroupHealth.MAX_LISTED_KEYS + 1)
                .containsEntry("rejectingKeys", GroupHealth.MAX_LISTED_KEYS + 1).containsEntry("openKeysTruncated", true);
        assertThat(details.get("openKeys")).asInstanceOf(InstanceOfAssertFactories.MAP).hasSize(GroupHealth.MAX_LISTED_KEYS);
    }

    @Test
    void anOpenKeyIsUpWithTheDefaultOpenStatus() {
        factory.getBreaker("payments", "m-1").open();

        assertThat(LineHealth.componentStatus(contributor, "payments")).isEqualTo("UP");
    }

    @Test
    void anOpenKeyReportsTheOpenStatusAsAnOpenPlainBreakerDoes() {
        ManualTimeSource clock = new ManualTimeSource();
        CircuitBreakerFactory timed = CircuitBreakerFactory.builder().timeSource(clock).build();
        Object down = LineHealth.contributor(timed, OpenCircuitStatus.DOWN, clock);
        timed.getBreaker("plain").open();
        timed.getBreaker("payments", "m-1").open();
        timed.getBreaker("payments", "m-2");

        assertThat(LineHealth.componentStatus(down, "plain")).isEqualTo("DOWN");
        assertThat(LineHealth.componentStatus(down, "payments")).isEqualTo("DOWN");

        clock.advance(timed.configFor("payments").ttl()); // open periods over: both wait for a trial
        assertThat(LineHealth.componentStatus(down, "plain")).isEqualTo("UP");
        assertThat(LineHealth.componentStatus(down, "payments")).isEqualTo("UP");
    }

    @Test
    void anOpenSharedCircuitReportsTheOpenStatus() {
        Object down = LineHealth.contributor(factory, OpenCircuitStatus.DOWN, TimeSource.system());
        factory.getBreaker("payments", "m-1");
        factory.getBreaker("payments").transitionTo(CircuitState.FORCED_OPEN);

        assertThat(LineHealth.componentStatus(down, "payments")).isEqualTo("DOWN");
        assertThat(LineHealth.componentDetails(down, "payments")).containsEntry("rejectingKeys", 0)
                .containsEntry("shared", CircuitState.FORCED_OPEN);
    }

    @Test
    void unknownGroupHasNoComponentAndCreatesNoGroup() {
        assertThat(LineHealth.componentStatus(contributor, "payments")).isNull();
        assertThat(factory.findGroup("payments")).isEmpty();
    }

    private List<String> names() {
        return LineHealth.componentNames(contributor);
    }
}
