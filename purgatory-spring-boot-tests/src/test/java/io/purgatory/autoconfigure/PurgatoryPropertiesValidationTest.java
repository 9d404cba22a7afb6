package io.purgatory.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every invalid value stops start-up with a message naming the full key and the value. */
class PurgatoryPropertiesValidationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class));

    private FailureAnalysis analysisOf(String... properties) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof InvalidPurgatoryPropertiesException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(InvalidPurgatoryPropertiesException.class);
            analysis[0] = new InvalidPurgatoryPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
        });
        return analysis[0];
    }

    @Test
    void thresholdBelowOne() {
        FailureAnalysis analysis = analysisOf("purgatory.defaults.threshold=0");
        assertThat(analysis.getDescription()).contains("purgatory.defaults.threshold = '0': must be at least 1");
        assertThat(analysis.getAction()).contains("valid value");
    }

    @Test
    void perBreakerThresholdBelowOneNamesTheBreakerKey() {
        assertThat(analysisOf("purgatory.breakers.payments.threshold=-2").getDescription())
                .contains("purgatory.breakers.payments.threshold = '-2': must be at least 1");
    }

    @Test
    void zeroOrNegativeTtl() {
        assertThat(analysisOf("purgatory.defaults.ttl=0s").getDescription())
                .contains("purgatory.defaults.ttl = 'PT0S': must be a positive duration");
        assertThat(analysisOf("purgatory.breakers.payments.ttl=-5s").getDescription())
                .contains("purgatory.breakers.payments.ttl = 'PT-5S': must be a positive duration");
    }

    @Test
    void halfOpenCallsBelowOne() {
        assertThat(analysisOf("purgatory.defaults.half-open-calls=0").getDescription())
                .contains("purgatory.defaults.half-open-calls = '0': must be at least 1");
    }

    @Test
    void excludeClassThatDoesNotExist() {
        assertThat(analysisOf("purgatory.defaults.exclude=com.example.NoSuchException").getDescription())
                .contains("purgatory.defaults.exclude[0] = 'com.example.NoSuchException': no such class on the classpath");
    }

    @Test
    void excludeClassThatIsNotAThrowable() {
        assertThat(analysisOf("purgatory.breakers.payments.exclude=java.lang.String").getDescription())
                .contains("purgatory.breakers.payments.exclude[0] = 'java.lang.String': is not an exception class");
    }

    @Test
    void unknownStoreType() {
        assertThat(analysisOf("purgatory.store.type=zookeeper").getDescription())
                .contains("purgatory.store.type = 'zookeeper': must be one of [memory, redis]");
    }

    @Test
    void redisStoreWithoutRedisNamesWhatIsMissing() {
        assertThat(analysisOf("purgatory.store.type=redis").getDescription())
                .contains("purgatory.store.type = 'redis': no store of this type is available");
    }

    @Test
    void everyProblemIsListedAtOnce() {
        String description = analysisOf("purgatory.defaults.threshold=0", "purgatory.breakers.b.half-open-calls=0").getDescription();
        assertThat(description).contains("purgatory.defaults.threshold").contains("purgatory.breakers.b.half-open-calls");
    }

    @Test
    void aBadDefaultExcludeIsReportedOnceUnderTheDefaultsKey() {
        String description = analysisOf("purgatory.defaults.exclude=com.example.Nope",
                "purgatory.breakers.payments.threshold=3").getDescription();
        assertThat(description).contains("purgatory.defaults.exclude[0] = 'com.example.Nope'")
                .doesNotContain("purgatory.breakers.payments.exclude");
    }

    @Test
    void rateOutsideZeroToHundred() {
        assertThat(analysisOf("purgatory.defaults.failure-rate-threshold=0").getDescription())
                .contains("purgatory.defaults.failure-rate-threshold = '0.0': must be a percentage in (0, 100]");
        assertThat(analysisOf("purgatory.breakers.payments.slow-call-rate-threshold=120").getDescription())
                .contains("purgatory.breakers.payments.slow-call-rate-threshold = '120.0': must be a percentage in (0, 100]");
    }

    @Test
    void windowOfZero() {
        assertThat(analysisOf("purgatory.defaults.failure-rate-threshold=50", "purgatory.defaults.sliding-window-size=0")
                .getDescription()).contains("purgatory.defaults.sliding-window-size = '0': must be at least 1");
        assertThat(analysisOf("purgatory.defaults.failure-rate-threshold=50", "purgatory.defaults.sliding-window-type=time-based",
                "purgatory.defaults.sliding-window-duration=0s").getDescription())
                .contains("purgatory.defaults.sliding-window-duration = 'PT0S': must be a positive duration");
    }

    @Test
    void minimumLargerThanACountWindow() {
        assertThat(analysisOf("purgatory.breakers.payments.failure-rate-threshold=50",
                "purgatory.breakers.payments.sliding-window-size=10", "purgatory.breakers.payments.minimum-calls=20")
                .getDescription()).contains("purgatory.breakers.payments.minimum-calls = '20': must not exceed sliding-window-size (10)");
    }

    @Test
    void backoffWithoutAMaxTtlWouldDoNothing() {
        assertThat(analysisOf("purgatory.breakers.search.backoff-multiplier=2").getDescription())
                .contains("purgatory.breakers.search.backoff-multiplier = '2.0': needs purgatory.breakers.search.max-ttl");
    }

    @Test
    void backoffBelowOne() {
        assertThat(analysisOf("purgatory.defaults.backoff-multiplier=0.5").getDescription())
                .contains("purgatory.defaults.backoff-multiplier = '0.5': must be at least 1");
    }

    @Test
    void aMisspeltBreakerSettingStopsTheStartInsteadOfBeingIgnored() {
        assertThat(analysisOf("purgatory.breakers.payments.treshold=3").getDescription())
                .contains("purgatory.breakers.payments.treshold = '3': is not a breaker setting")
                .contains("threshold");
        assertThat(analysisOf("purgatory.defaults.half-open=2").getDescription())
                .contains("purgatory.defaults.half-open = '2': is not a breaker setting");
    }

    @Test
    void everyDocumentedSettingIsKnown() {
        runner.withPropertyValues("purgatory.breakers.search.threshold=3", "purgatory.breakers.search.ttl=5s",
                "purgatory.breakers.search.exclude[0]=java.lang.IllegalStateException",
                "purgatory.breakers.search.half-open-calls=2", "purgatory.breakers.search.half-open-successes=1",
                "purgatory.breakers.search.backoff-multiplier=2", "purgatory.breakers.search.max-ttl=1m",
                "purgatory.breakers.search.failure-rate-threshold=50", "purgatory.breakers.search.slow-call-rate-threshold=50",
                "purgatory.breakers.search.slow-call-duration=1s", "purgatory.breakers.search.sliding-window-type=time-based",
                "purgatory.breakers.search.sliding-window-size=10", "purgatory.breakers.search.sliding-window-duration=10s",
                "purgatory.breakers.search.minimum-calls=5", "purgatory.defaults.halfOpenCalls=1")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void breakerNamesWithDotsAreShownInBracketNotation() {
        assertThat(analysisOf("purgatory.breakers.[inventory.v2].threshold=0").getDescription())
                .contains("purgatory.breakers.[inventory.v2].threshold = '0'");
    }
}
