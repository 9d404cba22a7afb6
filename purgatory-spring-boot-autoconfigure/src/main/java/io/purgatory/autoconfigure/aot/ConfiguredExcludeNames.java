package io.purgatory.autoconfigure.aot;

import io.purgatory.autoconfigure.PurgatoryProperties;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Reads the exception class names listed under {@code purgatory.defaults.exclude} and
 * {@code purgatory.breakers.<name>.exclude}, bound exactly as at run time. Stateless; thread-safe.
 */
final class ConfiguredExcludeNames {

    private ConfiguredExcludeNames() {
    }

    /**
     * Binds {@code purgatory.*} and collects every exclude class name.
     *
     * @param environment the environment of the application being processed
     * @return the class names, trimmed as the mapper trims them, without blanks
     */
    static Set<String> from(Environment environment) {
        PurgatoryProperties properties = Binder.get(environment).bind("purgatory", PurgatoryProperties.class)
                .orElseGet(PurgatoryProperties::new);
        Stream<List<String>> lists = Stream.concat(Stream.of(properties.getDefaults().getExclude()),
                properties.getBreakers().values().stream().map(PurgatoryProperties.Breaker::getExclude));
        Set<String> names = new TreeSet<>();
        lists.filter(list -> list != null).flatMap(List::stream)
                .filter(name -> name != null && !name.isBlank()).map(String::trim).forEach(names::add);
        return names;
    }
}
