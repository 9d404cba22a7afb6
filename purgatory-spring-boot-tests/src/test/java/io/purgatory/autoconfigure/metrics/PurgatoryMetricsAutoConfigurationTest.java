package io.purgatory.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.autoconfigure.testing.BootAutoConfigurations;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class PurgatoryMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(BootAutoConfigurations.metrics())
            .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class,
                    PurgatoryMetricsAutoConfiguration.class))
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
        runner.run(context -> assertThat(context.getBean(io.purgatory.CircuitBreakerFactory.class).getBreaker("x").permits().isTimed())
                .isTrue());
    }

    @Test
    void callTimingCanBeSwitchedOff() {
        runner.withPropertyValues("purgatory.metrics.call-durations=false").run(context ->
                assertThat(context.getBean(io.purgatory.CircuitBreakerFactory.class).getBreaker("x").permits().isTimed()).isFalse());
    }

    @Test
    void callDurationsAreSampledOneCallInSixteenByDefault() {
        CountingTimeSource time = new CountingTimeSource();
        runner.withBean(io.purgatory.TimeSource.class, () -> time).run(context -> {
            CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("payments");
            long before = time.reads.get();
            for (int i = 0; i < 1_600; i++) {
                breaker.run(() -> { });
            }
            // 200 reads expected (two per timed call); the binomial spread is about 20.
            assertThat(time.reads.get() - before).isBetween(50L, 800L);
            assertThat(breaker.getStatistics().count(io.purgatory.CallOutcome.SUCCESS)).isEqualTo(1_600);
        });
    }

    @Test
    void aSamplingOfOneTimesEveryCall() {
        CountingTimeSource time = new CountingTimeSource();
        runner.withBean(io.purgatory.TimeSource.class, () -> time)
                .withPropertyValues("purgatory.metrics.call-duration-sampling=1").run(context -> {
                    CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).getBreaker("payments");
                    long before = time.reads.get();
                    for (int i = 0; i < 1_600; i++) {
                        breaker.run(() -> { });
                    }
                    assertThat(time.reads.get() - before).isGreaterThanOrEqualTo(3_200L);
                });
    }

    @Test
    void aSamplingBelowOneStopsTheStart() {
        runner.withPropertyValues("purgatory.metrics.call-duration-sampling=0").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause()
                .hasMessageContaining("purgatory.metrics.call-duration-sampling = '0': must be at least 1"));
    }

    /** The system clock, counting how often the monotonic time is read. */
    private static final class CountingTimeSource implements io.purgatory.TimeSource {
        final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public long nanoTime() {
            reads.incrementAndGet();
            return System.nanoTime();
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "percentiles-histogram.purgatory.breaker.calls=true", "percentiles-histogram.purgatory=true",
            "percentiles-histogram.all=true", "percentiles.purgatory.breaker.calls=0.5,0.99",
            "slo.purgatory.breaker.calls=100ms" })
    void recordsCallsInATimerWhenBootsDistributionPropertiesAskForOne(String distribution) {
        // Prometheus: the simple registry keeps no buckets for percentiles-histogram (see the test below).
        runner.withConfiguration(prometheus()).withPropertyValues("management.metrics.distribution." + distribution).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("purgatory.breaker.calls").tags("name", "payments", "outcome", "success").timer())
                    .isNotNull();
            assertThat(registry.find("purgatory.breaker.calls").functionTimers()).isEmpty();
        });
    }

    /** The registry decides: one that publishes no buckets for a percentile histogram gets no per-call work for it. */
    @Test
    void aPercentileHistogramThatTheRegistryDoesNotPublishReadsTheTotalsLazily() {
        runner.withPropertyValues("management.metrics.distribution.percentiles-histogram.purgatory.breaker.calls=true")
                .run(context -> assertThat(context.getBean(MeterRegistry.class).find("purgatory.breaker.calls")
                        .tags("name", "payments").functionTimers()).hasSize(4));
    }

    private static AutoConfigurations prometheus() {
        return BootAutoConfigurations.of(
                "org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration",
                "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration");
    }

    @Test
    void readsTheCallTotalsLazilyWithoutADistribution() {
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find("purgatory.breaker.calls").tags("name", "payments").functionTimers()).hasSize(4);
            assertThat(registry.find("purgatory.breaker.calls").timers()).isEmpty();
        });
    }

    @Test
    void theMetersOwnSettingWinsOverAll() {
        runner.withPropertyValues("management.metrics.distribution.percentiles-histogram.all=true",
                        "management.metrics.distribution.percentiles-histogram.purgatory.breaker.calls=false")
                .run(context -> assertThat(context.getBean(MeterRegistry.class).find("purgatory.breaker.calls")
                        .functionTimers()).hasSize(4));
    }

    @Test
    void aMeterFilterBeanThatAsksForADistributionRecordsCallsToo() {
        runner.withUserConfiguration(UserDistributionFilter.class).run(context -> assertThat(context
                .getBean(MeterRegistry.class).find("purgatory.breaker.calls").tags("name", "payments").timers())
                .hasSize(4));
    }

    @Test
    void aFilterAddedByAMeterRegistryCustomizerRecordsCalls() {
        runner.withBean(meterRegistryCustomizerType(), PurgatoryMetricsAutoConfigurationTest::percentilesCustomizer)
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.find("purgatory.breaker.calls").tags("name", "payments").timers()).hasSize(4);
                    assertThat(registry.find("purgatory.breaker.calls").functionTimers()).isEmpty();
                });
    }

    @Test
    void aMeterFilterBeanThatDependsOnTheNameTagRecordsTheCallsOfThatBreaker() {
        runner.withPropertyValues("purgatory.breakers.search.threshold=3")
                .withUserConfiguration(PaymentsOnlyDistributionFilter.class).run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.find("purgatory.breaker.calls").tags("name", "payments").timers()).hasSize(4);
                    assertThat(registry.find("purgatory.breaker.calls").tags("name", "search").functionTimers()).hasSize(4);
                });
    }

    /** Boot 3 and Boot 4 name the customizer type differently; the test sources serve both lines. */
    @SuppressWarnings("unchecked")
    private static Class<Object> meterRegistryCustomizerType() {
        for (String name : List.of("org.springframework.boot.actuate.autoconfigure.metrics.MeterRegistryCustomizer",
                "org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer")) {
            if (org.springframework.util.ClassUtils.isPresent(name, null)) {
                return (Class<Object>) org.springframework.util.ClassUtils.resolveClassName(name, null);
            }
        }
        throw new IllegalStateException("no MeterRegistryCustomizer on this Boot line");
    }

    private static Object percentilesCustomizer() {
        Class<?> type = meterRegistryCustomizerType();
        return java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("customize")) {
                ((MeterRegistry) args[0]).config().meterFilter(new MeterFilter() {
                    @Override
                    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                        return id.getName().equals("purgatory.breaker.calls")
                                ? DistributionStatisticConfig.builder().percentiles(0.99).build().merge(config)
                                : config;
                    }
                });
                return null;
            }
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "percentiles customizer";
            };
        });
    }

    @Test
    void recordedCallsFillTheBucketsOfEachOutcome() {
        runner.withPropertyValues("management.metrics.distribution.slo.purgatory.breaker.calls=10s").run(context -> {
            CircuitBreaker payments = context.getBean(CircuitBreakerFactory.class).getBreaker("payments");
            payments.run(() -> { });
            payments.run(() -> { });
            assertThatThrownBy(() -> payments.run(() -> {
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class);

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(bucketCounts(registry, "success")).containsExactly(2.0);
            assertThat(bucketCounts(registry, "failure")).containsExactly(1.0);
            assertThat(bucketCounts(registry, "rejected")).containsExactly(0.0);
        });
    }

    private static List<Double> bucketCounts(MeterRegistry registry, String outcome) {
        Timer timer = registry.get("purgatory.breaker.calls").tags("name", "payments", "outcome", outcome).timer();
        return Arrays.stream(timer.takeSnapshot().histogramCounts()).map(CountAtBucket::count).toList();
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
        // Without Boot's own metrics auto-configurations: hiding one Micrometer class while they run breaks Boot 4's
        // (two registries), which is not the situation of an application without Micrometer.
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class,
                        PurgatoryMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
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
    static class UserDistributionFilter {

        @Bean
        MeterFilter callPercentiles() {
            return new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                    return id.getName().startsWith("purgatory.")
                            ? DistributionStatisticConfig.builder().percentiles(0.99).build().merge(config)
                            : config;
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PaymentsOnlyDistributionFilter {

        @Bean
        MeterFilter paymentsPercentiles() {
            return new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                    return "payments".equals(id.getTag("name"))
                            ? DistributionStatisticConfig.builder().percentiles(0.99).build().merge(config)
                            : config;
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBinder {

        @Bean
        PurgatoryMeterBinder userPurgatoryMeterBinder(CircuitBreakerFactory factory) {
            return new PurgatoryMeterBinder(factory, List.of());
        }
    }
}
