package io.purgatory.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary working directories of the harness's servers: made fresh, deleted with everything in them. Stateless. */
final class ScratchDirectory {

    private ScratchDirectory() {
    }

    /**
     * Makes a new, empty directory (or a child of one).
     *
     * @param parent the directory to make it in, or null for the system's temporary directory
     * @param name the directory's name (under a parent) or name prefix
     * @return the new directory
     */
    static Path create(Path parent, String name) {
        try {
            return parent == null ? Files.createTempDirectory(name) : Files.createDirectories(parent.resolve(name));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Deletes a directory and everything in it; what cannot be deleted stays (harmless in a temporary directory). */
    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ex) {
            // a temporary directory left behind is harmless
        }
    }
}
