package io.purgatory.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.purgatory.CircuitBreakerConfig;
import io.purgatory.CircuitBreakerFactory;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/** Every invalid value stops start-up with a message naming the full key and the value. */
class PurgatoryPropertiesValidationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class));

    private FailureAnalysis analysisOf(String... properties) {
        return analysisOf(runner.withPropertyValues(properties));
    }

    private static FailureAnalysis analysisOf(ApplicationContextRunner runner) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        runner.run(context -> {
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
    void maxKeysBelowOneAndANonPositiveKeyIdleTimeoutNameTheirKeys() {
        assertThat(analysisOf("purgatory.defaults.max-keys=0", "purgatory.breakers.payments.key-idle-timeout=0s")
                .getDescription())
                .contains("purgatory.defaults.max-keys = '0': must be at least 1")
                .contains("purgatory.breakers.payments.key-idle-timeout = 'PT0S': must be a positive duration, for example 10m");
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

    /** Every setting's kebab-case key is checked by {@link #everySettingIsAcceptedByTheKnownKeysCheckAndReachesTheBreakersConfig}. */
    @Test
    void aSettingInCamelCaseIsKnown() {
        runner.withPropertyValues("purgatory.defaults.halfOpenCalls=1", "purgatory.breakers.search.slidingWindowSize=10")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void breakerNamesWithDotsAreShownInBracketNotation() {
        assertThat(analysisOf("purgatory.breakers.[inventory.v2].threshold=0").getDescription())
                .contains("purgatory.breakers.[inventory.v2].threshold = '0'");
    }

    /** Test values for every setting, different from what {@link #BASE} gives the breaker. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(Map.entry("threshold", "3"), Map.entry("ttl", "5s"),
            Map.entry("exclude", "java.lang.IllegalStateException"), Map.entry("half-open-calls", "4"),
            Map.entry("half-open-timeout", "2m"),
            Map.entry("half-open-successes", "2"), Map.entry("backoff-multiplier", "2"), Map.entry("max-ttl", "20m"),
            Map.entry("failure-rate-threshold", "25"), Map.entry("slow-call-rate-threshold", "25"),
            Map.entry("slow-call-duration", "1s"), Map.entry("sliding-window-type", "time-based"),
            Map.entry("sliding-window-size", "200"), Map.entry("sliding-window-duration", "10s"),
            Map.entry("minimum-calls", "5"), Map.entry("max-keys", "50"), Map.entry("key-idle-timeout", "1m"));

    /** A breaker with both rate conditions, back-off room and several trial calls, so that every sample changes it. */
    private static final List<String> BASE = List.of("purgatory.breakers.search.failure-rate-threshold=50",
            "purgatory.breakers.search.slow-call-rate-threshold=50", "purgatory.breakers.search.max-ttl=10m",
            "purgatory.breakers.search.half-open-calls=3");

    @Test
    void theSettingsListMatchesTheSettingsBothPropertyClassesDeclare() {
        assertThat(kebabCaseProperties(PurgatoryProperties.Breaker.class))
                .as("settings bound per breaker").containsExactlyInAnyOrderElementsOf(BreakerSetting.KEYS);
        assertThat(kebabCaseProperties(PurgatoryProperties.Defaults.class))
                .as("settings bound as defaults").containsExactlyInAnyOrderElementsOf(BreakerSetting.KEYS);
    }

    @Test
    void everySettingIsAcceptedByTheKnownKeysCheckAndReachesTheBreakersConfig() {
        CircuitBreakerConfig base = searchConfig(BASE);
        for (String key : BreakerSetting.KEYS) {
            assertThat(SAMPLES).as("a test value for " + key).containsKey(key);
            List<String> properties = new ArrayList<>(BASE);
            properties.add("purgatory.breakers.search." + key + "=" + SAMPLES.get(key));
            assertThat(searchConfig(properties)).as(key + " changes the core configuration").isNotEqualTo(base);
        }
    }

    @Test
    void anInvalidValueNamesTheLineOfTheFileItCameFrom() {
        String description = analysisOf(runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(yaml("io/purgatory/autoconfigure/invalid-purgatory.yml")))).getDescription();
        assertThat(description)
                .contains("purgatory.breakers.payments.threshold = '0': must be at least 1 (origin: class path resource "
                        + "[io/purgatory/autoconfigure/invalid-purgatory.yml] - 4:18)")
                .contains("purgatory.breakers.payments.treshold = '3': is not a breaker setting")
                .contains("(origin: class path resource [io/purgatory/autoconfigure/invalid-purgatory.yml] - 5:17)");
    }

    @Test
    void anInvalidValueNamesTheEnvironmentVariableItCameFrom() {
        String description = analysisOf(runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
                        Map.of("PURGATORY_DEFAULTS_TTL", "0s"))))).getDescription();
        assertThat(description).contains("purgatory.defaults.ttl = 'PT0S': must be a positive duration")
                .contains("origin: \"PURGATORY_DEFAULTS_TTL\"");
    }

    @Test
    void aBreakerThatInheritsABadDefaultNamesTheDefaultsOrigin() {
        String description = analysisOf(runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
                        Map.of("PURGATORY_DEFAULTS_TTL", "0s", "PURGATORY_BREAKERS_PAYMENTS_THRESHOLD", "2")))))
                .getDescription();
        assertThat(description).contains("purgatory.breakers.payments.ttl = 'PT0S': must be a positive duration, for example 30s "
                + "(origin: purgatory.defaults.ttl from \"PURGATORY_DEFAULTS_TTL\"");
    }

    @Test
    void aUserDefinedFactoryDoesNotSkipTheValidation() {
        assertThat(analysisOf(runner.withBean(CircuitBreakerFactory.class, () -> CircuitBreakerFactory.builder().build())
                .withPropertyValues("purgatory.defaults.threshold=0", "purgatory.breakers.payments.treshold=3"))
                .getDescription()).contains("purgatory.defaults.threshold = '0': must be at least 1")
                .contains("purgatory.breakers.payments.treshold = '3': is not a breaker setting");
    }

    private CircuitBreakerConfig searchConfig(List<String> properties) {
        CircuitBreakerConfig[] config = new CircuitBreakerConfig[1];
        runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
            assertThat(context).as(properties.toString()).hasNotFailed();
            config[0] = context.getBean(BreakerConfigMapper.MappedConfig.class).breakers().get("search");
        });
        return config[0];
    }

    private static Set<String> kebabCaseProperties(Class<?> type) {
        return Arrays.stream(BeanUtils.getPropertyDescriptors(type))
                .filter(property -> property.getWriteMethod() != null)
                .map(PropertyDescriptor::getName)
                .map(name -> name.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.toSet());
    }

    private static PropertySource<?> yaml(String path) {
        try {
            return new YamlPropertySourceLoader().load(path, new ClassPathResource(path)).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theHalfOpenTimeoutDefaultIsTheCoresDefault() {
        assertThat(new PurgatoryProperties.Defaults().getHalfOpenTimeout())
                .isEqualTo(io.purgatory.CircuitBreakerConfig.DEFAULT_HALF_OPEN_TIMEOUT);
    }

    @Test
    void aHalfOpenTimeoutMustBePositive() {
        assertThat(analysisOf("purgatory.breakers.b.half-open-timeout=0s").getDescription())
                .contains("purgatory.breakers.b.half-open-timeout = 'PT0S': must be a positive duration");
    }
}
