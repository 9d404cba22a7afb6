package io.purgatory.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.TimeSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.NamedContributor;

class PurgatoryHealthContributorTest {

    private final CircuitBreakerFactory factory = new CircuitBreakerFactory();
    private final PurgatoryHealthContributor contributor =
            new PurgatoryHealthContributor(factory, OpenCircuitStatus.UP, TimeSource.system());

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
        assertThat(contributor.getContributor("late")).isInstanceOf(BreakerHealthIndicator.class);
    }

    @Test
    void unknownNameHasNoComponentAndCreatesNoBreaker() {
        assertThat(contributor.getContributor("typo")).isNull();
        assertThat(factory.findBreaker("typo")).isEmpty();
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (NamedContributor<HealthContributor> named : contributor) {
            names.add(named.getName());
        }
        return names;
    }
}
