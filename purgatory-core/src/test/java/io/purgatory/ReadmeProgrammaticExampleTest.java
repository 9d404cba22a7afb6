package io.purgatory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles and runs the README's "Programmatic API, without Spring" snippet exactly as written, so the
 * front door cannot drift from the API.
 */
public class ReadmeProgrammaticExampleTest {

    /** What the snippet's {@code client} is; the test's stand-in answers every call. */
    public interface Client {
        String charge(String order);

        String chargeOrThrow(String order) throws IOException;

        CompletionStage<String> chargeAsync(String order);
    }

    @Test
    void theSnippetCompilesAndRuns(@TempDir Path output) throws Exception {
        String snippet = snippetAfter("### Programmatic API, without Spring");
        String source = """
                package readme;

                import io.purgatory.*;
                import java.time.Duration;
                import java.util.concurrent.CompletionStage;
                import java.util.function.Function;

                public class Snippet {
                    public static CircuitBreaker run(io.purgatory.ReadmeProgrammaticExampleTest.Client client, String order)
                            throws Exception {
                %s
                        return payments;
                    }
                }
                """.formatted(snippet);
        compile(source, output);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {output.toUri().toURL()}, getClass().getClassLoader())) {
            Client client = new Client() {
                @Override
                public String charge(String order) {
                    return "charged " + order;
                }

                @Override
                public String chargeOrThrow(String order) {
                    return "charged " + order;
                }

                @Override
                public CompletionStage<String> chargeAsync(String order) {
                    return CompletableFuture.completedFuture("charged " + order);
                }
            };
            Object payments = loader.loadClass("readme.Snippet").getMethod("run", Client.class, String.class)
                    .invoke(null, client, "order-1");
            assertThat(((CircuitBreaker) payments).getState()).isEqualTo(CircuitState.FORCED_OPEN);
            assertThat(((CircuitBreaker) payments).getStatistics().count(CallOutcome.SUCCESS)).isEqualTo(3);
        }
    }

    /** What the keyed snippet's {@code client} is. */
    public interface HostClient {
        String fetch(java.net.URI url);
    }

    @Test
    void theKeyedSnippetCompilesAndRuns(@TempDir Path output) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("### Per-key breakers");
        String snippet = snippetAfter("Programmatically, without Spring", section);
        String source = """
                package readme;

                import io.purgatory.*;
                import java.time.Duration;

                public class KeyedSnippet {
                    public static Object[] run(io.purgatory.ReadmeProgrammaticExampleTest.HostClient client, java.net.URI url) {
                %s
                        return new Object[] {page, sameCircuit, hosts};
                    }
                }
                """.formatted(snippet);
        compile(source, output, "KeyedSnippet");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {output.toUri().toURL()}, getClass().getClassLoader())) {
            HostClient client = url -> "page of " + url.getHost();
            Object[] result = (Object[]) loader.loadClass("readme.KeyedSnippet").getMethod("run", HostClient.class,
                    java.net.URI.class).invoke(null, client, java.net.URI.create("https://example.com/a"));
            assertThat(result[0]).isEqualTo("page of example.com");
            assertThat(((CircuitBreaker) result[1]).getName()).isEqualTo("hosts[example.com]");
            assertThat(((CircuitBreakerGroup) result[2]).getConfig().maxKeys()).isEqualTo(1_000);
        }
    }

    private static String snippetAfter(String heading, int from) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf(heading, from);
        assertThat(section).as("README section " + heading).isNotNegative();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end);
    }

    private static String snippetAfter(String heading) throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf(heading);
        assertThat(section).as("README section " + heading).isNotNegative();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end);
    }

    private static void compile(String source, Path output) throws IOException {
        compile(source, output, "Snippet");
    }

    private static void compile(String source, Path output, String className) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
            files.setLocation(StandardLocation.CLASS_OUTPUT, List.of(output.toFile()));
            JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///readme/" + className + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            java.io.StringWriter errors = new java.io.StringWriter();
            boolean compiled = compiler.getTask(errors, files, null,
                    List.of("-classpath", System.getProperty("java.class.path")), null, List.of(unit)).call();
            assertThat(compiled).as("README snippet compiles:%n%s%n%s", errors, source).isTrue();
        }
    }
}
