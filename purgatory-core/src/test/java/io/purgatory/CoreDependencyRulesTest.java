package io.purgatory;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps purgatory-core free of runtime dependencies (SPEC §1, STYLE habit 1): only the JDK and itself. */
class CoreDependencyRulesTest {

    private static final ArchRule ONLY_JDK_AND_PURGATORY = classes()
            .that().resideInAPackage("io.purgatory..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.purgatory..")
            .because("purgatory-core must have no runtime dependency at all");

    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(?:static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;");

    @Test
    void mainClassesDependOnlyOnTheJdkAndPurgatory() {
        JavaClasses main = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages("io.purgatory");

        assertThat(main.contain(CircuitBreaker.class)).as("main classes were imported").isTrue();
        assertThat(main.contain(CoreDependencyRulesTest.class)).as("test classes were left out").isFalse();
        ONLY_JDK_AND_PURGATORY.check(main);
    }

    @Test
    void theRuleRejectsADependencyOutsideTheJdk() {
        // This test class depends on JUnit, AssertJ and ArchUnit: the rule must notice.
        JavaClasses thisTest = new ClassFileImporter().importClasses(CoreDependencyRulesTest.class);

        assertThat(ONLY_JDK_AND_PURGATORY.evaluate(thisTest).hasViolation()).isTrue();
    }

    @Test
    void mainSourcesImportOnlyTheJdkAndPurgatory() throws IOException {
        Path sources = Path.of("src/main/java"); // surefire runs in the module's base directory
        assertThat(sources.resolve("io/purgatory/CircuitBreaker.java")).as("main sources found").isRegularFile();

        List<String> offending = new ArrayList<>();
        int files = 0;
        try (Stream<Path> walk = Files.walk(sources)) {
            for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher matcher = IMPORT.matcher(lines.get(i));
                    if (matcher.find() && !isAllowed(matcher.group(1))) {
                        offending.add(sources.relativize(file) + ":" + (i + 1) + " " + lines.get(i).trim());
                    }
                }
            }
        }
        assertThat(files).as("java files scanned").isGreaterThan(20);
        assertThat(offending).as("imports outside java.* and io.purgatory.*").isEmpty();
    }

    @Test
    void theImportScanRecognisesForeignImports() {
        assertThat(isImportAllowed("import org.slf4j.Logger;")).isFalse();
        assertThat(isImportAllowed("import static org.junit.Assert.fail;")).isFalse();
        assertThat(isImportAllowed("import javax.annotation.Nullable;")).isFalse();
        assertThat(isImportAllowed("import java.util.List;")).isTrue();
        assertThat(isImportAllowed("import static java.util.Objects.requireNonNull;")).isTrue();
        assertThat(isImportAllowed("import io.purgatory.event.*;")).isTrue();
    }

    private static boolean isImportAllowed(String line) {
        Matcher matcher = IMPORT.matcher(line);
        assertThat(matcher.find()).as("recognised as an import: %s", line).isTrue();
        return isAllowed(matcher.group(1));
    }

    private static boolean isAllowed(String imported) {
        return imported.startsWith("java.") || imported.startsWith("io.purgatory.");
    }
}
