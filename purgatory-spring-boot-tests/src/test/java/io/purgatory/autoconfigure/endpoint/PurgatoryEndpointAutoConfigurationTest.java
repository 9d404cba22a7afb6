package io.purgatory.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerFactory;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class PurgatoryEndpointAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class,
                    PurgatoryEndpointAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=purgatory");

    @Test
    void registersTheEndpointWhenExposed() {
        runner.run(context -> assertThat(context).hasSingleBean(PurgatoryEndpoint.class)
                .hasSingleBean(PurgatoryEndpointWebExtension.class));
    }

    @Test
    void noWebExtensionWithoutTheEndpoint() {
        runner.withPropertyValues("management.endpoint.purgatory.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryEndpointWebExtension.class));
    }

    @Test
    void backsOffWhenTheEndpointIsNotExposed() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class,
                        PurgatoryEndpointAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryEndpoint.class));
    }

    @Test
    void backsOffWhenAccessIsNone() {
        runner.withPropertyValues("management.endpoint.purgatory.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryEndpoint.class));
    }

    @Test
    void backsOffWithoutActuator() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryEndpoint.class));
    }

    @Test
    void backsOffWhenPurgatoryIsDisabled() {
        runner.withPropertyValues("purgatory.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryEndpoint.class));
    }

    @Test
    void usesTheUsersEndpoint() {
        runner.withUserConfiguration(UserEndpoint.class)
                .run(context -> assertThat(context).getBean(PurgatoryEndpoint.class)
                        .isSameAs(context.getBean(UserEndpoint.class).endpoint));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserEndpoint {

        final PurgatoryEndpoint endpoint = new PurgatoryEndpoint(new CircuitBreakerFactory());

        @Bean
        PurgatoryEndpoint userPurgatoryEndpoint() {
            return endpoint;
        }
    }
}
