package io.purgatory.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample's {@code application.yml} and {@code application-redis.yml} show every Purgatory property,
 * so a user who copies them sees every setting there is.
 *
 * <p>"Every property" is what {@code purgatory-spring-boot-autoconfigure} declares in its generated
 * {@code META-INF/spring-configuration-metadata.json}, under {@code purgatory.} and
 * {@code management.health.purgatory.} ({@code management.endpoint.purgatory.*} are Spring Boot's
 * generic endpoint settings, the same for every endpoint). A property is shown when either file holds
 * its key path, set or commented out as {@code # key: value} (the rule of {@link YamlKeyPaths}). A
 * map-valued property ({@code purgatory.breakers}, {@code purgatory.metrics.tags}) is shown by its own
 * key or by any entry beneath it; the keys of one {@code purgatory.breakers.<name>} entry are not in
 * the metadata, and are the {@code purgatory.defaults.*} keys again.
 */
class SampleConfigurationTest {

    private static final List<String> CHECKED_PREFIXES = List.of("purgatory.", "management.health.purgatory.");
    private static final List<Path> FILES = List.of(Path.of("src/main/resources/application.yml"),
            Path.of("src/main/resources/application-redis.yml"));

    /** Property name to whether its value is a map. */
    private static final Map<String, Boolean> PROPERTIES = new TreeMap<>();

    @BeforeAll
    static void readPurgatoryMetadata() throws IOException {
        JsonNode metadata = purgatoryMetadata();
        metadata.get("properties").forEach(property -> {
            String name = property.get("name").asText();
            boolean removed = "error".equals(property.path("deprecation").path("level").asText());
            if (CHECKED_PREFIXES.stream().anyMatch(name::startsWith) && !removed) {
                PROPERTIES.put(name, property.path("type").asText().startsWith("java.util.Map<"));
            }
        });
        assertThat(PROPERTIES).as("Purgatory properties in the metadata").containsKeys("purgatory.enabled",
                "purgatory.breakers", "purgatory.store.redis.key-prefix", "management.health.purgatory.enabled");
    }

    @Test
    void everyPurgatoryPropertyIsShownInTheSampleConfiguration() throws IOException {
        assertThat(undocumented(samplePaths())).as("properties shown in neither %s", FILES).isEmpty();
    }

    @Test
    void everyPurgatoryKeyOfTheSampleConfigurationExists() throws IOException {
        Set<String> paths = samplePaths();
        List<String> unknown = paths.stream()
                .filter(path -> CHECKED_PREFIXES.stream().anyMatch(path::startsWith))
                .filter(path -> paths.stream().noneMatch(other -> other.startsWith(path + "."))) // leaves only
                .filter(path -> !PROPERTIES.containsKey(path))
                .filter(path -> PROPERTIES.entrySet().stream().noneMatch(p -> p.getValue() && path.startsWith(p.getKey() + ".")))
                .toList();
        assertThat(unknown).as("keys in %s that no Purgatory property has (a typo a user would copy)", FILES).isEmpty();
    }

    @Test
    void aPropertyMissingFromTheSampleWouldBeCaught() {
        Set<String> paths = YamlKeyPaths.of(List.of(
                "purgatory:",
                "  defaults:",
                "    # max-ttl: 1m                # commented out: still shown",
                "  breakers:",
                "    quotes:",
                "      threshold: 2",
                "  metrics:",
                "    # tags:",
                "    #   region: eu"));

        assertThat(paths).contains("purgatory.defaults.max-ttl", "purgatory.breakers.quotes.threshold",
                "purgatory.metrics.tags.region");
        assertThat(undocumented(paths)).contains("purgatory.defaults.ttl", "management.health.purgatory.enabled")
                .doesNotContain("purgatory.defaults.max-ttl", "purgatory.breakers", "purgatory.metrics.tags");
    }

    private static List<String> undocumented(Set<String> paths) {
        List<String> missing = new ArrayList<>();
        PROPERTIES.forEach((name, isMap) -> {
            boolean shown = paths.contains(name) || (isMap && paths.stream().anyMatch(path -> path.startsWith(name + ".")));
            if (!shown) {
                missing.add(name);
            }
        });
        return missing;
    }

    private static Set<String> samplePaths() throws IOException {
        Set<String> paths = new LinkedHashSet<>();
        for (Path file : FILES) {
            paths.addAll(YamlKeyPaths.of(Files.readAllLines(file)));
        }
        return paths;
    }

    /** The one metadata file on the class path whose groups come from Purgatory's own classes. */
    private static JsonNode purgatoryMetadata() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> found = new ArrayList<>();
        for (URL url : Collections.list(SampleConfigurationTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode metadata = json.readTree(in);
                if (metadata.path("groups").findValuesAsText("sourceType").stream().anyMatch(t -> t.startsWith("io.purgatory."))) {
                    found.add(metadata);
                }
            }
        }
        assertThat(found).as("purgatory-spring-boot-autoconfigure's generated metadata on the class path").hasSize(1);
        return found.get(0);
    }
}
