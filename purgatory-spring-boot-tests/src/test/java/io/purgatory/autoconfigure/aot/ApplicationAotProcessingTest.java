package io.purgatory.autoconfigure.aot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.resource;

import io.purgatory.annotation.CircuitBreaker;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.autoconfigure.aop.PurgatoryAopAutoConfiguration;
import io.purgatory.autoconfigure.endpoint.BreakerDescriptor;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.javapoet.ClassName;

/**
 * The build-time path of a real application: Spring's AOT generator finds the starter's processor and
 * registrars through {@code aot.factories} and runs them against the auto-configured context.
 */
// onMethod: see CircuitBreakerAotProcessorTest.
@SuppressWarnings("removal")
class ApplicationAotProcessingTest {

    @Test
    void aotProcessingOfAnApplicationRegistersEveryHintOfTheStarter() throws Exception {
        RuntimeHints hints = processAheadOfTime("purgatory.breakers.payments.exclude=java.util.concurrent.TimeoutException");

        // Spring's own proxy hints already cover the methods the bean class declares, not those it inherits.
        assertThat(reflection().onMethod(PaymentFallbacks.class.getDeclaredMethod("declined", String.class, Throwable.class))
                .invoke()).accepts(hints);
        assertThat(reflection().onMethod(PaymentFallbacks.class.getDeclaredMethod("audit", String.class)).invoke())
                .rejects(hints);
        assertThat(reflection().onType(TimeoutException.class)).accepts(hints);
        assertThat(resource().forResource("io/purgatory/redis/prelude.lua")).accepts(hints);
        assertThat(reflection().onMethod(BreakerDescriptor.class, "state").invoke()).accepts(hints);
    }

    private static RuntimeHints processAheadOfTime(String... properties) {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            TestPropertyValues.of(properties).applyTo(context);
            context.register(Application.class);
            DefaultGenerationContext generationContext = new DefaultGenerationContext(
                    new ClassNameGenerator(ClassName.get(Application.class)), new InMemoryGeneratedFiles());
            new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
            return generationContext.getRuntimeHints();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({PurgatoryAutoConfiguration.class, PurgatoryAopAutoConfiguration.class})
    @Import(PaymentService.class)
    static class Application {
    }

    static class PaymentFallbacks {

        String declined(String id, Throwable failure) {
            return "declined " + id;
        }

        String audit(String id) {
            return "not a fallback " + id;
        }
    }

    static class PaymentService extends PaymentFallbacks {

        @CircuitBreaker(value = "payments", fallbackMethod = "declined")
        public String pay(String id) {
            return id;
        }
    }
}
