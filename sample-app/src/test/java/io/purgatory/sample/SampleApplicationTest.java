package io.purgatory.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.SpringBootTest;

/** The sample starts with its default settings, on the in-memory store, without any Redis. */
@SpringBootTest
class SampleApplicationTest {

    @Autowired
    private CircuitBreakerFactory factory;

    @Autowired
    private HealthEndpoint health;

    @Test
    void startsOnTheInMemoryStoreWithTheConfiguredBreakers() {
        assertThat(factory.getStore().type()).isEqualTo("memory");
        assertThat(factory.findBreaker("quotes-reactive")).hasValueSatisfying(b ->
                assertThat(b.getConfig().window().failureRateThreshold()).isEqualTo(50f));
        assertThat(factory.getDefaults().threshold()).isEqualTo(3);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void showsTheOptInPurgatoryHealthComponent() {
        assertThat(health.healthForPath("purgatory")).as("the 'purgatory' health component").isNotNull()
                .extracting(HealthComponent::getStatus).isEqualTo(Status.UP);
    }

    @Test
    void everyGuardedMethodOfTheSampleHasItsBreaker(@Autowired QuoteClient client) {
        client.quote("X");
        client.quoteAsync("X").join();
        client.quoteReactive("X").block();
        client.order("X");
        for (String name : new String[] {"quotes", "quotes-async", "quotes-reactive", "orders"}) {
            assertThat(factory.findBreaker(name)).hasValueSatisfying(b -> assertThat(b.getState()).isEqualTo(CircuitState.CLOSED));
        }
    }
}
