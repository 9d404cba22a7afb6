package io.purgatory.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.purgatory.sample.ReadmeWalkthrough.Step;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Replays the README's walkthrough against the real app, step by step, in order: same commands, same
 * promised outputs. A JSON output in the README may leave fields out (it is compared leniently); a
 * {@code sleep N} is honoured by retrying the next command until it answers as promised, for at most
 * N + 10 seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // tests switch metrics export off unless asked; the README shows /actuator/prometheus
@DirtiesContext // the walkthrough starts from fresh breakers, as a freshly started app has
class ReadmeWalkthroughTest {

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theWalkthroughWorksExactlyAsWritten() throws Exception {
        List<Step> steps = ReadmeWalkthrough.steps();
        assertThat(steps).hasSizeGreaterThanOrEqualTo(10);
        // A sleep at the end of a step applies to the first command of the next one.
        Duration waitBeforeNext = Duration.ZERO;
        for (Step step : steps) {
            List<String> curls = step.commands().stream().filter(c -> c.startsWith("curl ")).toList();
            assertThat(step.expected()).as("one output line per curl command in %s", step.commands()).hasSameSizeAs(curls);
            int expectedLine = 0;
            for (String command : step.commands()) {
                if (command.startsWith("sleep ")) {
                    waitBeforeNext = Duration.ofSeconds(Long.parseLong(command.substring("sleep ".length()).strip()));
                    continue;
                }
                String expected = step.expected().get(expectedLine++);
                CurlCommand curl = CurlCommand.parse(command);
                if (waitBeforeNext.isZero()) {
                    assertMatches(command, expected, curl.run(http, port).output());
                } else {
                    await().atMost(waitBeforeNext.plusSeconds(10)).pollInterval(Duration.ofMillis(250))
                            .untilAsserted(() -> assertMatches(command, expected, curl.run(http, port).output()));
                    waitBeforeNext = Duration.ZERO;
                }
            }
        }
        assertThat(waitBeforeNext).as("the walkthrough does not end with a sleep").isZero();
    }

    private static void assertMatches(String command, String expected, String actual) throws Exception {
        if (expected.startsWith("{")) {
            try {
                JSONAssert.assertEquals(expected, actual, JSONCompareMode.LENIENT);
            } catch (AssertionError e) {
                throw new AssertionError("README step `" + command + "` promised " + expected + " but the app answered "
                        + actual + ": " + e.getMessage(), e);
            }
        } else {
            assertThat(actual).as("README step `%s`", command).isEqualTo(expected);
        }
    }
}
