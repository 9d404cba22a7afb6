package io.purgatory.benchmarks.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Finds an executable {@code redis-server}: {@code $PURGATORY_REDIS_SERVER}, else {@code redis-server}
 * on {@code PATH}, else the Linux binary bundled in the embedded-redis jar, extracted to a temp file
 * (the same order as the auto-configuration tests' harness). Immutable; thread-safe.
 *
 * @param path the executable
 * @param origin where it was found: {@code PURGATORY_REDIS_SERVER}, {@code PATH} or {@code embedded}
 */
public record RedisServerBinary(Path path, String origin) {

    /** The environment variable that names a binary explicitly. */
    public static final String SERVER_VARIABLE = "PURGATORY_REDIS_SERVER";

    /**
     * Resolves the binary from the environment, extracting the embedded one if needed.
     *
     * @return the binary
     * @throws IllegalStateException when {@code PURGATORY_REDIS_SERVER} is not executable or there is no binary for this platform
     */
    public static RedisServerBinary resolve() {
        String explicit = System.getenv(SERVER_VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            Path path = Path.of(explicit);
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IllegalStateException(SERVER_VARIABLE + "=" + path + " is not an executable file");
            }
            return new RedisServerBinary(path, SERVER_VARIABLE);
        }
        String searchPath = System.getenv("PATH");
        for (String dir : (searchPath == null ? "" : searchPath).split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return new RedisServerBinary(candidate, "PATH");
                }
            }
        }
        return extractEmbedded();
    }

    /** embedded-redis 1.4.3 names its amd64 build 6.2.6, though it reports 6.2.11; the name is only a resource path. */
    private static String embeddedResourceName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            return "redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("linux") && arch.equals("aarch64")) {
            return "redis-server-6.2.7-linux-arm64";
        }
        throw new IllegalStateException("No embedded redis-server for " + os + "/" + arch
                + "; install redis-server or set " + SERVER_VARIABLE);
    }

    private static RedisServerBinary extractEmbedded() {
        String resource = embeddedResourceName();
        try (InputStream in = RedisServerBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + resource + " is not in the benchmarks jar; install "
                        + "redis-server or set " + SERVER_VARIABLE);
            }
            Path dir = Files.createTempDirectory("purgatory-bench-redis-bin-");
            // Named plainly so that `ps` shows redis-server; deleteOnExit runs in reverse order: file, then dir.
            Path binary = dir.resolve("redis-server");
            dir.toFile().deleteOnExit();
            binary.toFile().deleteOnExit();
            Files.copy(in, binary);
            if (!binary.toFile().setExecutable(true, true)) {
                throw new IllegalStateException("Cannot make " + binary + " executable (is the temp dir noexec?)");
            }
            return new RedisServerBinary(binary, "embedded");
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot extract " + resource, ex);
        }
    }
}
