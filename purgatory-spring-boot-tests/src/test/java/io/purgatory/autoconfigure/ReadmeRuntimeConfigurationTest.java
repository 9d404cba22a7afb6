package io.purgatory.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.CircuitBreaker;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * Runs the README's "Changing configuration at runtime" example as written: the application starts with
 * its first YAML, the configuration becomes its second, and the breakers end up as the README says.
 */
class ReadmeRuntimeConfigurationTest {

    private static final String SECTION = "## Changing configuration at runtime";
    private static final String SOURCE = "applicationConfig";

    private static List<String> yamlBlocks() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf(SECTION);
        assertThat(start).as("README section " + SECTION).isNotNegative();
        String section = readme.substring(start, readme.indexOf("\n## ", start + SECTION.length()));
        List<String> blocks = new ArrayList<>();
        Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (yaml.find()) {
            blocks.add(yaml.group(1));
        }
        return blocks;
    }

    private static PropertySource<?> source(String yaml) throws IOException {
        return new YamlPropertySourceLoader().load(SOURCE, new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
                .get(0);
    }

    @Test
    void theExampleChangesWhatTheReadmeSaysAndKeepsTheState() throws IOException {
        List<String> blocks = yamlBlocks();
        assertThat(blocks).as("the configuration before and after").hasSize(2);
        PropertySource<?> before = source(blocks.get(0));
        PropertySource<?> after = source(blocks.get(1));

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PurgatoryAutoConfiguration.class,
                        PurgatoryRefreshAutoConfiguration.class))
                .withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(before))
                .run(context -> {
                    CircuitBreakerFactory factory = context.getBean(CircuitBreakerFactory.class);
                    CircuitBreaker payments = factory.getBreaker("payments");
                    CircuitBreaker search = factory.getBreaker("search");
                    for (int i = 0; i < 2; i++) {
                        assertThatThrownBy(() -> payments.run(() -> {
                            throw new IllegalStateException("down");
                        })).isInstanceOf(IllegalStateException.class);
                    }

                    context.getEnvironment().getPropertySources().replace(SOURCE, after);
                    assertThat(context.getBean(PurgatoryConfigurationRefresher.class).refresh()).isTrue();

                    assertThat(payments.getConfig().threshold()).isEqualTo(10);
                    assertThat(payments.getConsecutiveFailures()).as("payments keeps its count").isEqualTo(2);
                    assertThat(payments.getState()).isEqualTo(CircuitState.CLOSED);
                    assertThat(search.getConfig().ttl()).as("a breaker without its own ttl")
                            .isEqualTo(Duration.ofMinutes(1));
                    assertThat(factory.findBreaker("inventory")).as("created now").hasValueSatisfying(inventory -> {
                        assertThat(inventory.getConfig().threshold()).isEqualTo(2);
                        assertThat(inventory.getConfig().window().failureRateThreshold()).isEqualTo(50f);
                        assertThat(inventory.getConfig().window().size()).isEqualTo(20);
                        assertThat(inventory.getConfig().window().minimumCalls()).isEqualTo(10);
                    });
                });
    }
}
