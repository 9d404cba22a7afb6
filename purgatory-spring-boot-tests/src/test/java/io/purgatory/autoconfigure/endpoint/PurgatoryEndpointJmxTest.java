package io.purgatory.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** Over JMX the endpoint answers with plain results: no HTTP status wrapper, null for an unknown name. */
@SpringBootTest(webEnvironment = WebEnvironment.NONE, classes = EndpointTestApplication.class, properties = {
        "spring.jmx.enabled=true",
        "management.endpoints.jmx.exposure.include=purgatory",
        "management.endpoints.jmx.domain=purgatory.jmx.test",
        "purgatory.breakers.payments.threshold=2" })
class PurgatoryEndpointJmxTest {

    /** The name and the optional key of a keyed circuit. */
    private static final String[] ONE_STRING = {String.class.getName(), String.class.getName()};
    /** The name, the state and the optional key of a keyed circuit. */
    private static final String[] TWO_STRINGS = {String.class.getName(), String.class.getName(), String.class.getName()};

    @Autowired
    private MBeanServer server;

    @Autowired
    private CircuitBreakerFactory factory;

    private ObjectName endpoint;

    @BeforeEach
    void findTheEndpointAndCloseEveryBreaker() throws Exception {
        endpoint = new ObjectName("purgatory.jmx.test:type=Endpoint,name=Purgatory");
        factory.getBreakers().forEach(breaker -> breaker.transitionTo(CircuitState.CLOSED));
    }

    @Test
    void listsEveryBreaker() throws Exception {
        Map<?, ?> result = (Map<?, ?>) server.invoke(endpoint, "breakers", new Object[0], new String[0]);

        assertThat(((Map<?, ?>) ((Map<?, ?>) result.get("breakers")).get("payments")).get("state")).isEqualTo("CLOSED");
    }

    @Test
    void readsOneBreaker() throws Exception {
        Map<?, ?> result = (Map<?, ?>) server.invoke(endpoint, "breaker", new Object[] {"payments", null}, ONE_STRING);

        assertThat(result.get("state")).isEqualTo("CLOSED");
        assertThat(((Map<?, ?>) result.get("config")).get("threshold")).isEqualTo(2);
    }

    @Test
    void readingAnUnknownBreakerIsNull() throws Exception {
        assertThat(server.invoke(endpoint, "breaker", new Object[] {"typo", null}, ONE_STRING)).isNull();
        assertThat(factory.findBreaker("typo")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void forcingAStateAnswersWithTheBreakerItself() throws Exception {
        Map<String, ?> result = (Map<String, ?>) server.invoke(endpoint, "forceState", new Object[] {"payments", "OPEN", null}, TWO_STRINGS);

        assertThat(result).doesNotContainKeys("status", "body");
        assertThat(result.get("state")).isEqualTo("OPEN");
        assertThat(factory.getBreaker("payments").getState()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void forcingABreakerWhoseNameHasASlash() throws Exception {
        factory.getBreaker("payments/eu");

        Map<?, ?> result = (Map<?, ?>) server.invoke(endpoint, "forceState", new Object[] {"payments/eu", "FORCED_OPEN", null},
                TWO_STRINGS);

        assertThat(result.get("state")).isEqualTo("FORCED_OPEN");
        assertThat(factory.getBreaker("payments/eu").getState()).isEqualTo(CircuitState.FORCED_OPEN);
    }

    @Test
    void forcingAnUnknownBreakerIsNullAndCreatesNothing() throws Exception {
        assertThat(server.invoke(endpoint, "forceState", new Object[] {"typo", "OPEN", null}, TWO_STRINGS)).isNull();
        assertThat(factory.findBreaker("typo")).isEmpty();
    }

    @Test
    void forcingAnUnknownStateFailsWithTheValidStates() {
        assertThatThrownBy(() -> server.invoke(endpoint, "forceState", new Object[] {"payments", "AJAR", null}, TWO_STRINGS))
                .rootCause().hasMessageContaining("Unknown state 'AJAR'").hasMessageContaining("CLOSED, OPEN, HALF_OPEN");
        assertThat(factory.getBreaker("payments").getState()).isEqualTo(CircuitState.CLOSED);
    }
}
