package io.purgatory.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.purgatory.internal.LocalCircuit;
import org.junit.jupiter.api.Test;

/**
 * Keeps purgatory-redis a plain-Java module on the core's public store SPI (SPEC §1): no Spring, and
 * nothing from {@code io.purgatory.internal}, which proves a store of one's own needs neither.
 */
class RedisDependencyRulesTest {

    private static final ArchRule NO_SPRING = noClasses().that().resideInAPackage("io.purgatory.redis..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.commons.logging..")
            .because("purgatory-redis is usable from plain Java: Lettuce and the core only");

    private static final ArchRule ONLY_THE_PUBLIC_SPI = noClasses().that().resideInAPackage("io.purgatory.redis..")
            .should().dependOnClassesThat().resideInAPackage("io.purgatory.internal..")
            .because("the store SPI must be implementable without the core's internals");

    @Test
    void mainClassesUseNeitherSpringNorTheCoresInternals() {
        // The test jar is left out too: the Spring tests module runs this suite from purgatory-redis-*-tests.jar.
        JavaClasses main = new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.purgatory.redis");

        assertThat(main.contain(RedisCircuitStore.class)).as("main classes were imported").isTrue();
        NO_SPRING.check(main);
        ONLY_THE_PUBLIC_SPI.check(main);
    }

    @Test
    void theRulesNoticeAViolation() {
        // This test class refers to LocalCircuit: the internals rule must notice.
        JavaClasses thisTest = new ClassFileImporter().importClasses(RedisDependencyRulesTest.class);

        assertThat(LocalCircuit.class).isNotNull();
        assertThat(ONLY_THE_PUBLIC_SPI.evaluate(thisTest).hasViolation()).isTrue();
    }
}
