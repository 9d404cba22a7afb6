package io.purgatory.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every {@code curl} path anywhere in the README is served by the sample app. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeCurlPathsTest {

    private RunningSample sample;

    private int port;

    @BeforeAll
    void startTheSample() {
        sample = RunningSample.start();
        port = sample.port();
    }

    @AfterAll
    void stopTheSample() {
        if (sample != null) {
            sample.close();
        }
    }

    @Test
    void everyCurlPathInTheReadmeExists() throws Exception {
        List<String> commands = ReadmeWalkthrough.allCurlCommands();
        assertThat(commands).isNotEmpty();
        HttpClient http = HttpClient.newHttpClient();
        for (String command : commands) {
            CurlCommand curl = CurlCommand.parse(command);
            assertThat(curl.run(http, port).status()).as("%s %s from the README", curl.method(), curl.path())
                    .isNotEqualTo(404).isNotEqualTo(405);
        }
    }

    @Test
    void aPathTheAppDoesNotServeWouldBeCaught() throws Exception {
        CurlCommand missing = CurlCommand.parse("curl -s localhost:8080/no/such/path; echo");
        assertThat(missing.run(HttpClient.newHttpClient(), port).status()).isEqualTo(404);
    }
}
