package io.purgatory.autoconfigure.dashboard;

import io.purgatory.autoconfigure.metrics.FakeTimeSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A web application with Actuator, Prometheus and Purgatory on a fake clock, for the dashboard test. */
@SpringBootConfiguration
@EnableAutoConfiguration
class DashboardTestApplication {

    @Bean
    FakeTimeSource fakeTimeSource() {
        return new FakeTimeSource();
    }
}
