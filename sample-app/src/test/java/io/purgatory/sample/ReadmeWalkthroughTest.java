package io.purgatory.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.purgatory.ManualTimeSource;
import io.purgatory.sample.ReadmeWalkthrough.Step;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

/**
 * Replays the README's walkthrough against the real app, step by step, in order: same commands, same
 * promised outputs, each command sent and checked once. A JSON output in the README may leave fields
 * out (it is compared leniently). After the replay, the keyed group {@code quotes-by-symbol} must hold one open
 * key and at least one closed one: the walkthrough shows one key's circuit opening while another stays closed.
 *
 * <p>The breakers run on a fake clock, so a {@code sleep N} costs no time and proves what a reader sees
 * after it: the clock moves N seconds (and the 1 ms the next command needs to arrive), and N must be at
 * least the open period of every circuit that is open at that point (read from
 * {@code /actuator/purgatory}). A reader is never faster than the test, whose clock stands still
 * otherwise, so a sleep that passes here is long enough by hand; nothing is retried.
 */
class ReadmeWalkthroughTest {

    /** The least time between {@code sleep} returning and the next command reaching the app. */
    private static final Duration NEXT_COMMAND_LATENCY = Duration.ofMillis(1);

    /** The breakers' clock, moved only by the walkthrough's sleeps. */
    private final ManualTimeSource clock = new ManualTimeSource();

    private RunningSample sample;

    private int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** Each replay starts from fresh breakers, as a freshly started app has. */
    @BeforeEach
    void startTheSample() {
        sample = RunningSample.start(clock);
        port = sample.port();
    }

    @AfterEach
    void stopTheSample() {
        if (sample != null) {
            sample.close();
        }
    }

    @Test
    void theWalkthroughWorksExactlyAsWritten() throws Exception {
        List<Step> steps = ReadmeWalkthrough.steps();
        assertThat(steps).hasSizeGreaterThanOrEqualTo(10);
        assertThat(steps).as("the walkthrough waits for a circuit at least once")
                .anyMatch(step -> step.commands().stream().anyMatch(ReadmeWalkthroughTest::isSleep));

        replay(steps);

        JsonNode group = json.readTree(CurlCommand.parse("curl -s localhost:8080/actuator/purgatory/quotes-by-symbol")
                .run(http, port).output());
        assertThat(group.path("openKeys").size()).as("the walkthrough opens one key's circuit: %s", group).isEqualTo(1);
        assertThat(group.path("states").path("closed").asInt()).as("while another key's stays closed: %s", group)
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aSleepShorterThanTheOpenPeriodWouldBeCaught() throws Exception {
        List<Step> oneSecondShort = ReadmeWalkthrough.steps().stream()
                .map(step -> new Step(step.commands().stream()
                        .map(c -> isSleep(c) ? "sleep " + (seconds(c).toSeconds() - 1) : c).toList(), step.expected()))
                .toList();

        assertThatThrownBy(() -> replay(oneSecondShort)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("is still open");
    }

    private void replay(List<Step> steps) throws Exception {
        Step last = steps.get(steps.size() - 1);
        assertThat(isSleep(last.commands().get(last.commands().size() - 1))).as("the walkthrough ends with a sleep").isFalse();
        for (Step step : steps) {
            List<String> curls = step.commands().stream().filter(c -> c.startsWith("curl ")).toList();
            assertThat(step.expected()).as("one output line per curl command in %s", step.commands()).hasSameSizeAs(curls);
            int expectedLine = 0;
            for (String command : step.commands()) {
                if (isSleep(command)) {
                    sleep(command);
                } else {
                    CurlCommand curl = CurlCommand.parse(command);
                    assertThat(curl.readmePort()).as("the walkthrough's `%s` calls the sample's port", command)
                            .isEqualTo(8080);
                    assertMatches(command, step.expected().get(expectedLine++), curl.run(http, port).output());
                }
            }
        }
    }

    /**
     * What a reader's {@code sleep N} does to the app: N seconds pass, and the next command reaches the
     * app a moment later (a circuit's open period ends strictly after its ttl), no more.
     */
    private void sleep(String command) throws Exception {
        Duration sleep = seconds(command);
        JsonNode breakers = json.readTree(CurlCommand.parse("curl -s localhost:8080/actuator/purgatory").run(http, port).output())
                .get("breakers");
        breakers.fields().forEachRemaining(breaker -> {
            if (breaker.getValue().path("state").asText().equals("OPEN")) {
                Duration openPeriod = Duration.parse(breaker.getValue().get("openPeriod").asText());
                assertThat(sleep).as("README `%s`: circuit %s is still open after it, for %s", command, breaker.getKey(),
                        openPeriod).isGreaterThanOrEqualTo(openPeriod);
            }
        });
        clock.advance(sleep.plus(NEXT_COMMAND_LATENCY));
    }

    private static boolean isSleep(String command) {
        return command.startsWith("sleep ");
    }

    private static Duration seconds(String sleep) {
        return Duration.ofSeconds(Long.parseLong(sleep.substring("sleep ".length()).strip()));
    }

    static void assertMatches(String command, String expected, String actual) throws Exception {
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
