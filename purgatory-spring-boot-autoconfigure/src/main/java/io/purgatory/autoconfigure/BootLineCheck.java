package io.purgatory.autoconfigure;

import java.util.List;
import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stops the start of an application on a Spring Boot line this jar was not built and tested for,
 * before any bean exists, so that the user reads which lines are supported instead of a
 * {@code NoClassDefFoundError} from deep inside an auto-configuration. Stateless; thread-safe.
 *
 * <p>{@code purgatory.allow-unsupported-boot-line=true} lets the application start anyway (for trying
 * a new Boot release before Purgatory supports it).
 */
public final class BootLineCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The Spring Boot lines ({@code major.minor}) Purgatory supports, oldest first. */
    public static final List<String> SUPPORTED_LINES = List.of("3.5", "4.0", "4.1");

    static final String OVERRIDE_PROPERTY = "purgatory.allow-unsupported-boot-line";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!context.getEnvironment().getProperty(OVERRIDE_PROPERTY, Boolean.class, false)) {
            check(SpringBootVersion.getVersion());
        }
    }

    /**
     * Fails unless the version belongs to a supported line.
     *
     * @param bootVersion Spring Boot's version, or {@code null} when it cannot be told (a repackaged Boot)
     * @throws UnsupportedBootLineException naming the version and the supported lines
     */
    static void check(String bootVersion) {
        if (bootVersion == null) {
            return;
        }
        String[] parts = bootVersion.split("[.-]");
        String line = parts.length >= 2 ? parts[0] + "." + parts[1] : bootVersion;
        if (!SUPPORTED_LINES.contains(line)) {
            throw new UnsupportedBootLineException(bootVersion);
        }
    }

    /** Thrown when the application runs on a Spring Boot line Purgatory does not support. */
    static final class UnsupportedBootLineException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        UnsupportedBootLineException(String bootVersion) {
            super("Purgatory supports Spring Boot " + String.join(", ", SUPPORTED_LINES)
                    + ", but this application runs Spring Boot " + bootVersion);
        }
    }
}
