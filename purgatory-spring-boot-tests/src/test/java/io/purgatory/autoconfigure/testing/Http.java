package io.purgatory.autoconfigure.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP calls to an application started on a local port, with fluent assertions on the reply:
 * the same code on every Boot line (Boot 4 moved MockMvc's and TestRestTemplate's test support).
 * Thread-safe.
 */
public final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    /**
     * Addresses an application on this machine.
     *
     * @param port its HTTP port
     */
    public Http(int port) {
        this.base = "http://localhost:" + port;
    }

    /**
     * Sends a GET.
     *
     * @param path the path, with its query
     * @return the reply
     */
    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /**
     * Sends a POST with a JSON body.
     *
     * @param path the path
     * @param json the body
     * @return the reply
     */
    public Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * One HTTP reply. Immutable.
     *
     * @param status the status code
     * @param body the body
     */
    public record Reply(int status, String body) {

        /**
         * Asserts the status code.
         *
         * @param expected the expected code
         * @return this reply
         */
        public Reply hasStatus(int expected) {
            assertThat(status).as("status of a reply with body %s", body).isEqualTo(expected);
            return this;
        }

        /**
         * Asserts the value at a JSON path.
         *
         * @param path the JSON path
         * @param expected the expected value
         * @return this reply
         */
        public Reply hasJson(String path, Object expected) {
            assertThat((Object) JsonPath.read(body, path)).as("%s in %s", path, body).isEqualTo(expected);
            return this;
        }

        /**
         * Asserts that a JSON path holds a string.
         *
         * @param path the JSON path
         * @return this reply
         */
        public Reply hasJsonString(String path) {
            assertThat((Object) JsonPath.read(body, path)).as("%s in %s", path, body).isInstanceOf(String.class);
            return this;
        }

        /**
         * Asserts that a JSON path holds nothing.
         *
         * @param path the JSON path
         * @return this reply
         */
        public Reply lacksJson(String path) {
            try {
                Object value = JsonPath.read(body, path);
                assertThat(value).as("%s in %s", path, body).isNull();
            } catch (PathNotFoundException expected) {
                // absent, as expected
            }
            return this;
        }
    }
}
