package io.purgatory.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One {@code curl} command line of the README, parsed just enough to replay it against a test server:
 * method ({@code -X}), headers ({@code -H}), body ({@code -d}), URL, and an optional
 * {@code | grep -F 'text'}. Immutable; thread-safe.
 *
 * @param method the HTTP method
 * @param readmePort the port the README's command calls (8080, the sample's, in the walkthrough)
 * @param path the path and query, without host and port
 * @param headers request headers
 * @param body the request body, or {@code null}
 * @param grep the fixed text whose lines to keep from the response, or {@code null}
 */
record CurlCommand(String method, int readmePort, String path, Map<String, String> headers, String body, String grep) {

    static CurlCommand parse(String line) {
        String command = line.strip();
        if (command.endsWith("; echo")) {
            command = command.substring(0, command.length() - "; echo".length());
        }
        String grep = null;
        int pipe = command.indexOf(" | grep -F ");
        if (pipe >= 0) {
            grep = unquote(command.substring(pipe + " | grep -F ".length()).strip());
            command = command.substring(0, pipe);
        }
        List<String> words = words(command);
        if (words.isEmpty() || !words.get(0).equals("curl")) {
            throw new IllegalArgumentException("not a curl command: " + line);
        }
        String method = null;
        String url = null;
        String body = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "-s" -> { }
                case "-X" -> method = words.get(++i);
                case "-H" -> {
                    String[] header = words.get(++i).split(":\\s*", 2);
                    headers.put(header[0], header[1]);
                }
                case "-d" -> body = words.get(++i);
                default -> {
                    if (word.startsWith("-")) {
                        throw new IllegalArgumentException("unsupported curl option " + word + " in: " + line);
                    }
                    url = word;
                }
            }
        }
        if (url == null || !url.matches("localhost:\\d+/.*")) {
            throw new IllegalArgumentException("README curl commands call localhost:<port>/: " + line);
        }
        if (method == null) {
            method = body == null ? "GET" : "POST";
        }
        int slash = url.indexOf('/');
        return new CurlCommand(method, Integer.parseInt(url.substring("localhost:".length(), slash)), url.substring(slash),
                headers, body, grep);
    }

    /** Sends the request to a server on {@code port} and returns what curl would print. */
    Response run(HttpClient client, int port) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String output = response.body();
        if (grep != null) {
            output = output.lines().filter(l -> l.contains(grep)).collect(Collectors.joining("\n"));
        }
        return new Response(response.statusCode(), output);
    }

    /**
     * What a command printed.
     *
     * @param status the HTTP status
     * @param output the body, filtered by grep when the command had one
     */
    record Response(int status, String output) {
    }

    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (char c : command.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                inWord = true;
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
            } else {
                current.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(current.toString());
        }
        return words;
    }

    private static String unquote(String text) {
        return text.startsWith("'") && text.endsWith("'") ? text.substring(1, text.length() - 1) : text;
    }
}
