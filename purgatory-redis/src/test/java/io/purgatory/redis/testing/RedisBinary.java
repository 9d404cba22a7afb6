package io.purgatory.redis.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * An executable {@code redis-server} and where it was found; immutable and thread-safe.
 *
 * @param path the executable
 * @param origin {@code PURGATORY_REDIS_SERVER}, {@code PATH} or {@code embedded}, for the harness's log line
 */
public record RedisBinary(Path path, String origin) {

    private static RedisBinary extracted;

    /** Resolves the binary from the current system properties and environment. */
    public static RedisBinary resolve() {
        return resolve(HarnessEnvironment.current());
    }

    static RedisBinary resolve(HarnessEnvironment env) {
        String mode = env.get(HarnessEnvironment.BINARY).orElse("auto").toLowerCase(Locale.ROOT);
        switch (mode) {
            case "embedded":
                return embedded();
            case "auto", "system":
                break;
            default:
                throw new IllegalArgumentException(
                        HarnessEnvironment.BINARY + " must be auto, embedded or system, not '" + mode + "'");
        }
        Optional<String> explicit = env.get(HarnessEnvironment.SERVER);
        if (explicit.isPresent()) {
            Path path = Path.of(explicit.get());
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IllegalArgumentException(
                        HarnessEnvironment.SERVER + "=" + path + " is not an executable file");
            }
            return new RedisBinary(path, HarnessEnvironment.SERVER);
        }
        Optional<RedisBinary> onPath = onPath(env.get("PATH").orElse(""));
        if (onPath.isPresent()) {
            return onPath.get();
        }
        if (mode.equals("system")) {
            // CI's "Debian Redis" run must not pass by silently testing the embedded binary again.
            throw new IllegalStateException(HarnessEnvironment.BINARY + "=system but no redis-server on PATH and no "
                    + HarnessEnvironment.SERVER + " set");
        }
        return embedded();
    }

    /** The Redis 6.2 binary bundled in the embedded-redis jar, extracted once per JVM. */
    public static synchronized RedisBinary embedded() {
        if (extracted == null) {
            extracted = extract(embeddedResourceName());
        }
        return extracted;
    }

    /** The jar names the amd64 build 6.2.6 although it reports 6.2.11; the name is only a resource path. */
    static String embeddedResourceName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            return "redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("linux") && arch.equals("aarch64")) {
            return "redis-server-6.2.7-linux-arm64";
        }
        throw new IllegalStateException("No embedded redis-server for " + os + "/" + arch
                + "; install redis-server or set " + HarnessEnvironment.SERVER);
    }

    private static Optional<RedisBinary> onPath(String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(new RedisBinary(candidate, "PATH"));
                }
            }
        }
        return Optional.empty();
    }

    private static RedisBinary extract(String resource) {
        try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + resource + " not on the test classpath: add "
                        + "com.github.codemonstur:embedded-redis:1.4.3 (test scope) or install redis-server");
            }
            Path dir = Files.createTempDirectory("purgatory-redis-bin-");
            // Named plainly so `ps` shows redis-server; deleteOnExit runs in reverse order, so file before dir.
            Path binary = dir.resolve("redis-server");
            dir.toFile().deleteOnExit();
            binary.toFile().deleteOnExit();
            Files.copy(in, binary);
            if (!binary.toFile().setExecutable(true, true)) {
                throw new IllegalStateException("Cannot make " + binary + " executable (is the temp dir noexec?)");
            }
            return new RedisBinary(binary, "embedded");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot extract " + resource, ex);
        }
    }

}
