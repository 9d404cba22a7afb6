package io.purgatory.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated metadata is API: IDEs complete purgatory.* from it. */
class ConfigurationMetadataTest {

    private static final Map<String, JsonNode> PROPERTIES = new HashMap<>();
    private static JsonNode metadata;

    @BeforeAll
    static void readMetadata() throws Exception {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata on the class path").isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        metadata.get("properties").forEach(p -> PROPERTIES.put(p.get("name").asText(), p));
    }

    @Test
    void fixedKeysHaveDescriptionsAndDefaults() {
        assertThat(PROPERTIES).containsKeys("purgatory.enabled", "purgatory.defaults.threshold", "purgatory.defaults.ttl",
                "purgatory.defaults.exclude", "purgatory.defaults.half-open-calls", "purgatory.breakers", "purgatory.store.type");
        PROPERTIES.forEach((name, property) -> assertThat(property.path("description").asText())
                .as("description of " + name).isNotBlank());
        assertThat(PROPERTIES.get("purgatory.enabled").get("defaultValue").asBoolean()).isTrue();
        assertThat(PROPERTIES.get("purgatory.defaults.threshold").get("defaultValue").asInt()).isEqualTo(5);
        assertThat(PROPERTIES.get("purgatory.defaults.ttl").get("defaultValue").asText()).isEqualTo("30s");
        assertThat(PROPERTIES.get("purgatory.defaults.half-open-calls").get("defaultValue").asInt()).isEqualTo(1);
        assertThat(PROPERTIES.get("purgatory.store.type").get("defaultValue").asText()).isEqualTo("memory");
        assertThat(PROPERTIES.get("purgatory.aspect.order").get("defaultValue").asInt()).isEqualTo(PurgatoryProperties.DEFAULT_ASPECT_ORDER);
    }

    @Test
    void theRemovedFailureModeIsReportedAsAnErrorByIdes() {
        assertThat(PROPERTIES.get("purgatory.store.redis.failure-mode").path("deprecation").path("level").asText())
                .isEqualTo("error");
    }

    @Test
    void everyBreakerSettingHasMetadataUnderTheDefaults() {
        BreakerSetting.KEYS.forEach(key -> assertThat(PROPERTIES).as("metadata of purgatory.defaults." + key)
                .containsKey("purgatory.defaults." + key));
    }

    @Test
    void keyedGroupSettingsHaveTheCoresDefaults() {
        assertThat(PROPERTIES.get("purgatory.defaults.max-keys").get("defaultValue").asInt())
                .isEqualTo(io.purgatory.CircuitBreakerConfig.DEFAULT_MAX_KEYS);
        assertThat(PROPERTIES.get("purgatory.defaults.key-idle-timeout").get("defaultValue").asText()).isEqualTo("10m");
        assertThat(PROPERTIES.get("purgatory.defaults.max-keys").get("description").asText()).startsWith("Most circuits");
    }

    @Test
    void booleanDescriptionsStartWithWhether() {
        PROPERTIES.values().stream().filter(p -> "java.lang.Boolean".equals(p.path("type").asText()))
                .forEach(p -> assertThat(p.get("description").asText()).as(p.get("name").asText()).startsWith("Whether"));
    }

    @Test
    void storeTypeOffersItsValues() {
        JsonNode hint = null;
        for (JsonNode h : metadata.get("hints")) {
            if (h.get("name").asText().equals("purgatory.store.type")) {
                hint = h;
            }
        }
        assertThat(hint).isNotNull();
        assertThat(hint.get("values").findValuesAsText("value")).contains("memory", "redis");
    }
}
