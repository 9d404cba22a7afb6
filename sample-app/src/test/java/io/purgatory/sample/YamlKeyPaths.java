package io.purgatory.sample;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dotted key paths that a block-style YAML file shows a reader, commented-out keys included.
 * Stateless; thread-safe.
 *
 * <p>A line {@code key: value} adds its path from the keys it is indented under. A comment line of the
 * form {@code # key: value} counts exactly as if its {@code "# "} were removed, so
 * {@code "    # max-ttl: 1m"} below {@code "  defaults:"} shows {@code purgatory.defaults.max-ttl},
 * and {@code "    #   region: eu"} below {@code "    # tags:"} shows {@code ...tags.region}. Any other
 * comment, list items and flow values add nothing. A dotted key ({@code a.b: 1}) is split like
 * Spring Boot splits it.
 */
final class YamlKeyPaths {

    private static final Pattern KEY = Pattern.compile("^( *)(?:# )?( *)([A-Za-z0-9][A-Za-z0-9._-]*):(?: |$)");

    private YamlKeyPaths() {
    }

    /**
     * Every key path the lines show, each intermediate one included ({@code purgatory},
     * {@code purgatory.defaults}, {@code purgatory.defaults.ttl}).
     *
     * @param lines the YAML file's lines
     * @return the paths, in file order
     */
    static Set<String> of(List<String> lines) {
        Set<String> paths = new LinkedHashSet<>();
        Deque<Key> parents = new ArrayDeque<>();
        for (String line : lines) {
            Matcher key = KEY.matcher(line);
            if (!key.find()) {
                continue;
            }
            int indent = key.group(1).length() + key.group(2).length();
            while (!parents.isEmpty() && parents.peek().indent() >= indent) {
                parents.pop();
            }
            parents.push(new Key(indent, key.group(3)));
            StringJoiner path = new StringJoiner(".");
            parents.descendingIterator().forEachRemaining(parent -> path.add(parent.name()));
            paths.add(path.toString());
        }
        return paths;
    }

    private record Key(int indent, String name) {
    }
}
