package io.purgatory.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's walkthrough as data: each step's shell lines and the output the README promises for
 * them, read from the fenced blocks between the {@code walkthrough:start} and {@code walkthrough:end}
 * markers. Immutable; thread-safe.
 */
final class ReadmeWalkthrough {

    static final Path README = Path.of("..", "README.md");

    private ReadmeWalkthrough() {
    }

    /**
     * One step: a {@code bash} block followed by its output block.
     *
     * @param commands the shell lines ({@code curl ...} or {@code sleep N})
     * @param expected the promised output, one line per curl command
     */
    record Step(List<String> commands, List<String> expected) {
    }

    static List<Step> steps() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("<!-- walkthrough:start -->");
        int end = readme.indexOf("<!-- walkthrough:end -->");
        if (start < 0 || end < start) {
            throw new IllegalStateException("README.md has no walkthrough markers");
        }
        List<List<String>> blocks = fencedBlocks(readme.substring(start, end));
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i + 1 < blocks.size(); i += 2) {
            steps.add(new Step(blocks.get(i), blocks.get(i + 1)));
        }
        return steps;
    }

    /** Every line starting with {@code curl} inside a {@code bash} block anywhere in the README. */
    static List<String> allCurlCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        boolean inBash = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("```")) {
                inBash = !inBash && line.equals("```bash");
            } else if (inBash && line.strip().startsWith("curl ")) {
                commands.add(line.strip());
            }
        }
        return commands;
    }

    private static List<List<String>> fencedBlocks(String text) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("```")) {
                if (current == null) {
                    current = new ArrayList<>();
                } else {
                    blocks.add(current);
                    current = null;
                }
            } else if (current != null && !line.isBlank()) {
                current.add(line);
            }
        }
        return blocks;
    }
}
