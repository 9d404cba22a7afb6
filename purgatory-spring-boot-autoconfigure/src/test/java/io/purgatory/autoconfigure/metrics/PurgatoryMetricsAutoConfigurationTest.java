package io.purgatory.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class PurgatoryMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    PurgatoryAutoConfiguration.class, PurgatoryMetricsAutoConfiguration.class))
            .withPropertyValues("purgatory.breakers.payments.threshold=3");

    @Test
    void registersTheBinderWhenARegistryAndAFactoryExist() {
        runner.run(context -> assertThat(context).hasSingleBean(PurgatoryMeterBinder.class));
    }

    @Test
    void bindsTheConfiguredBreakersAtStartUp() {
        runner.run(context -> assertThat(context.getBean(MeterRegistry.class)
                .find("purgatory.breaker.state").tag("name", "payments").gauges()).hasSize(5));
    }

    @Test
    void addsTheConfiguredTags() {
        runner.withPropertyValues("purgatory.metrics.tags.region=eu")
                .run(context -> assertThat(context.getBean(MeterRegistry.class)
                        .get("purgatory.breaker.failures").tags("name", "payments", "region", "eu").gauge())
                        .isNotNull());
    }

    @Test
    void breakersTimeTheirCallsSoTheTimerHasTotalTime() {
        runner.run(context -> assertThat(context.getBean(io.purgatory.CircuitBreakerFactory.class).getBreaker("x").isTimed())
                .isTrue());
    }

    @Test
    void callTimingCanBeSwitchedOff() {
        runner.withPropertyValues("purgatory.metrics.call-durations=false").run(context ->
                assertThat(context.getBean(io.purgatory.CircuitBreakerFactory.class).getBreaker("x").isTimed()).isFalse());
    }

    @Test
    void backsOffWhenMetricsAreDisabled() {
        runner.withPropertyValues("purgatory.metrics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryMeterBinder.class));
    }

    @Test
    void backsOffWithoutAMeterRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class,
                        PurgatoryMetricsAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryMeterBinder.class));
    }

    @Test
    void backsOffWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryMeterBinder.class));
    }

    @Test
    void backsOffWhenPurgatoryIsDisabled() {
        runner.withPropertyValues("purgatory.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PurgatoryMeterBinder.class));
    }

    @Test
    void usesTheUsersBinder() {
        runner.withUserConfiguration(UserBinder.class)
                .run(context -> assertThat(context).hasSingleBean(PurgatoryMeterBinder.class)
                        .hasBean("userPurgatoryMeterBinder"));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBinder {

        @Bean
        PurgatoryMeterBinder userPurgatoryMeterBinder(CircuitBreakerFactory factory) {
            return new PurgatoryMeterBinder(factory, List.of());
        }
    }
}
