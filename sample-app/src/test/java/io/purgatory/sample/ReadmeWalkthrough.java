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

    /**
     * One fenced block.
     *
     * @param language the word after the opening fence ({@code bash}, {@code json}, ...)
     * @param lines its non-blank lines
     */
    record Block(String language, List<String> lines) {
    }

    static List<Step> steps() throws IOException {
        List<Block> blocks = blocks("walkthrough");
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i + 1 < blocks.size(); i += 2) {
            steps.add(new Step(blocks.get(i).lines(), blocks.get(i + 1).lines()));
        }
        return steps;
    }

    /**
     * The fenced blocks between the README's {@code <!-- section:start -->} and {@code <!-- section:end -->}.
     *
     * @param section the marker's name
     * @return the blocks in order
     */
    static List<Block> blocks(String section) throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("<!-- " + section + ":start -->");
        int end = readme.indexOf("<!-- " + section + ":end -->");
        if (start < 0 || end < start) {
            throw new IllegalStateException("README.md has no " + section + " markers");
        }
        return fencedBlocks(readme.substring(start, end));
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

    private static List<Block> fencedBlocks(String text) {
        List<Block> blocks = new ArrayList<>();
        List<String> current = null;
        String language = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("```")) {
                if (current == null) {
                    current = new ArrayList<>();
                    language = line.substring(3).strip();
                } else {
                    blocks.add(new Block(language, current));
                    current = null;
                }
            } else if (current != null && !line.isBlank()) {
                current.add(line);
            }
        }
        return blocks;
    }
}
