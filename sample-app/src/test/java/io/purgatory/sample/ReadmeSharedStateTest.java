package io.purgatory.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.purgatory.redis.testing.RedisServer;
import io.purgatory.sample.ReadmeWalkthrough.Block;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replays the README's two-instance demo ("Try it: two instances, one circuit"): a private Redis, two
 * sample instances with the {@code redis} profile, the downstream of one broken, the other rejecting.
 *
 * <p>The set-up lines are checked against what this test starts: {@code redis-server --port P} becomes
 * a private server from the Redis test harness on a free port, and each {@code java -jar <the sample's
 * jar> args...} becomes the sample started with the same arguments (its ports replaced by free ones).
 * The curl commands then go to the instance their README port names, and every output is compared as
 * the walkthrough's are. A reader types the next command a moment after the previous one, so a read
 * of the other instance's actuator may take up to two refresh intervals of the Redis store to show a
 * change; calls to the app itself are sent once.
 */
class ReadmeSharedStateTest {

    private static final Pattern REDIS_SERVER = Pattern.compile(
            "redis-server --port (\\d+) --save '' --appendonly no --daemonize yes");
    private static final Pattern JAVA_JAR = Pattern.compile(
            "java -jar sample-app/target/purgatory-sample-app-0\\.1\\.0-SNAPSHOT\\.jar (.*) &");
    private static final Pattern PORT_ARG = Pattern.compile("--(server|spring\\.data\\.redis)\\.port=(\\d+)");
    /** Two of the sample's refresh intervals (200 ms): how late another instance may see a change. */
    private static final Duration PROPAGATION = Duration.ofMillis(400);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> started = new ArrayList<>();
    /** README port → port this test really uses. */
    private final Map<Integer, Integer> ports = new HashMap<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void theTwoInstanceDemoWorksExactlyAsWritten() throws Exception {
        List<Block> blocks = ReadmeWalkthrough.blocks("shared-state");
        assertThat(blocks).as("the demo's blocks").hasSizeGreaterThanOrEqualTo(4);
        int instances = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            assertThat(block.language()).as("block %d of the demo", i).isEqualTo("bash");
            boolean hasOutput = i + 1 < blocks.size() && !blocks.get(i + 1).language().equals("bash");
            if (block.lines().stream().anyMatch(line -> line.startsWith("curl "))) {
                assertThat(hasOutput).as("the curl block %s is followed by its output", block.lines()).isTrue();
                replay(block.lines(), blocks.get(++i).lines());
            } else {
                for (String line : block.lines()) {
                    instances += setUpOrTearDown(line);
                }
            }
        }
        assertThat(instances).as("instances started").isEqualTo(2);
    }

    /** Starts what a set-up line starts; accepts the tear-down lines; fails on any other line. Returns instances started. */
    private int setUpOrTearDown(String line) {
        Matcher redisServer = REDIS_SERVER.matcher(line);
        Matcher javaJar = JAVA_JAR.matcher(line);
        if (redisServer.matches()) {
            RedisServer redis = RedisServer.start();
            started.add(redis);
            ports.put(Integer.parseInt(redisServer.group(1)), redis.port());
            return 0;
        }
        if (javaJar.matches()) {
            List<String> args = new ArrayList<>();
            Integer readmeHttpPort = null;
            for (String arg : javaJar.group(1).split(" ")) {
                Matcher port = PORT_ARG.matcher(arg);
                if (port.matches() && port.group(1).equals("server")) {
                    readmeHttpPort = Integer.parseInt(port.group(2));
                    args.add("--server.port=0");
                } else if (port.matches()) {
                    Integer redisPort = ports.get(Integer.parseInt(port.group(2)));
                    assertThat(redisPort).as("the Redis port of `%s` is the demo's Redis", line).isNotNull();
                    args.add("--spring.data.redis.port=" + redisPort);
                } else {
                    args.add(arg);
                }
            }
            assertThat(readmeHttpPort).as("`%s` sets --server.port", line).isNotNull();
            RunningSample sample = RunningSample.startWithArgs(args.toArray(String[]::new));
            started.add(sample);
            ports.put(readmeHttpPort, sample.port());
            return 1;
        }
        assertThat(line).as("a tear-down line of the demo").isIn("kill %1 %2", "redis-cli -p 6390 shutdown nosave");
        return 0;
    }

    private void replay(List<String> commands, List<String> expected) throws Exception {
        assertThat(expected).as("one output line per curl command in %s", commands).hasSameSizeAs(commands);
        for (int i = 0; i < commands.size(); i++) {
            String command = commands.get(i);
            CurlCommand curl = CurlCommand.parse(command);
            Integer port = ports.get(curl.readmePort());
            assertThat(port).as("`%s` goes to an instance the demo started", command).isNotNull();
            String promised = expected.get(i);
            if (curl.path().startsWith("/actuator/")) {
                // Only reads of the actuator wait: a call to the app would itself count in the circuit.
                await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(20)).ignoreException(JSONException.class)
                        .untilAsserted(() -> ReadmeWalkthroughTest.assertMatches(command, promised,
                                curl.run(http, port).output()));
            } else {
                ReadmeWalkthroughTest.assertMatches(command, promised, curl.run(http, port).output());
            }
        }
    }
}
