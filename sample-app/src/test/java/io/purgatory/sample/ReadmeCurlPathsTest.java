package io.purgatory.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/** Every {@code curl} path anywhere in the README is served by the sample app. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // tests switch metrics export off unless asked; the README shows /actuator/prometheus
@DirtiesContext // the walkthrough starts from fresh breakers, as a freshly started app has
class ReadmeCurlPathsTest {

    @LocalServerPort
    private int port;

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
