package io.purgatory.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.TimeSource;
import io.purgatory.autoconfigure.testing.LineHealth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The health contributor of the Boot line under test (Boot3HealthContributor or Boot4HealthContributor). */
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

    private List<String> names() {
        return LineHealth.componentNames(contributor);
    }
}
