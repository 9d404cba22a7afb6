package io.purgatory.autoconfigure.aot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;

import io.purgatory.annotation.CircuitBreaker;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationCode;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.env.MockEnvironment;

// onMethod is deprecated for removal in Framework 7, but its replacement (onMethodInvocation) is missing
// from 6.2, and these tests compile against both lines.
@SuppressWarnings("removal")
class CircuitBreakerAotProcessorTest {

    private final DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
    private final MockEnvironment environment = new MockEnvironment();

    CircuitBreakerAotProcessorTest() {
        beanFactory.registerSingleton("environment", environment);
    }

    @Test
    void makesTheGuardedMethodAndEveryFallbackCandidateInvocable() throws Exception {
        register(FallbackService.class);

        RuntimeHints hints = hints();

        assertThat(reflection().onMethod(method(FallbackService.class, "call", String.class)).invoke()).accepts(hints);
        assertThat(reflection().onMethod(method(FallbackService.class, "recover", String.class, Throwable.class)).invoke())
                .accepts(hints);
        assertThat(reflection().onMethod(method(FallbackService.class, "recover", IOException.class)).invoke()).accepts(hints);
    }

    @Test
    void leavesMethodsThatAreNeitherGuardedNorFallbacksAlone() throws Exception {
        register(FallbackService.class);

        RuntimeHints hints = hints();

        assertThat(reflection().onMethod(method(FallbackService.class, "unguarded")).invoke()).rejects(hints);
        assertThat(reflection().onMethod(method(FallbackService.class, "lookalike", Throwable.class)).invoke())
                .rejects(hints);
    }

    @Test
    void aClassLevelAnnotationGuardsEveryPublicMethodButNoOther() throws Exception {
        register(ClassLevelService.class);

        RuntimeHints hints = hints();

        assertThat(reflection().onMethod(method(ClassLevelService.class, "first")).invoke()).accepts(hints);
        assertThat(reflection().onMethod(method(ClassLevelService.class, "second", int.class)).invoke()).accepts(hints);
        assertThat(reflection().onMethod(method(ClassLevelService.class, "internal")).invoke()).rejects(hints);
    }

    @Test
    void makesExceptionClassesNamedInYamlLoadableByName() {
        environment.setProperty("purgatory.defaults.exclude", "java.util.concurrent.TimeoutException");
        environment.setProperty("purgatory.breakers.payments.exclude[0]", " com.example.PaymentDeclinedException ");

        RuntimeHints hints = hints();

        assertThat(reflection().onType(TimeoutException.class)).accepts(hints);
        assertThat(reflection().onType(TypeReference.of("com.example.PaymentDeclinedException"))).accepts(hints);
        assertThat(reflection().onType(IOException.class)).rejects(hints);
    }

    @Test
    void opensEveryTypeAKeyExpressionNavigatesToReflection() throws Exception {
        register(KeyedService.class);

        RuntimeHints hints = hints();

        assertThat(reflection().onMethod(Order.class.getMethod("getMerchant")).invoke()).accepts(hints);
        assertThat(reflection().onMethod(Merchant.class.getMethod("id")).invoke()).accepts(hints);
        assertThat(reflection().onMethod(Order.class.getMethod("region")).invoke()).accepts(hints);
        assertThat(reflection().onType(String.class)).as("the key's value is only turned into a string").rejects(hints);
    }

    @Test
    void aBareParameterKeyNeedsNoReflection() {
        register(BareKeyService.class);

        RuntimeHints hints = hints();

        assertThat(reflection().onType(Order.class)).rejects(hints);
    }

    @Test
    void contributesNothingWithoutGuardedBeansOrConfiguredExcludes() {
        register(PlainService.class);

        assertThat(new CircuitBreakerAotProcessor().processAheadOfTime(beanFactory)).isNull();
    }

    private void register(Class<?> type) {
        beanFactory.registerBeanDefinition(type.getSimpleName(), new RootBeanDefinition(type));
    }

    private RuntimeHints hints() {
        BeanFactoryInitializationAotContribution contribution = new CircuitBreakerAotProcessor().processAheadOfTime(beanFactory);
        assertThat(contribution).isNotNull();
        DefaultGenerationContext generationContext = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("com.example", "Application")), new InMemoryGeneratedFiles());
        contribution.applyTo(generationContext, mock(BeanFactoryInitializationCode.class));
        return generationContext.getRuntimeHints();
    }

    private static Method method(Class<?> type, String name, Class<?>... parameterTypes) throws NoSuchMethodException {
        return type.getDeclaredMethod(name, parameterTypes);
    }

    static class FallbackService {

        @CircuitBreaker(value = "payments", fallbackMethod = "recover")
        public String call(String id) {
            return id;
        }

        String recover(String id, Throwable failure) {
            return "recovered " + id;
        }

        private String recover(IOException failure) {
            return "recovered";
        }

        public String unguarded() {
            return "plain";
        }

        String lookalike(Throwable failure) {
            return "not named by any annotation";
        }
    }

    @CircuitBreaker("inventory")
    static class ClassLevelService {

        public String first() {
            return "first";
        }

        public int second(int value) {
            return value;
        }

        String internal() {
            return "package-private: not guarded";
        }
    }

    static class KeyedService {

        @CircuitBreaker(value = "payments", key = "#order.merchant?.id")
        public String charge(Order order) {
            return "charged";
        }

        @CircuitBreaker(value = "refunds", key = "#p0.region()")
        public String refund(Order order) {
            return "refunded";
        }
    }

    static class BareKeyService {

        @CircuitBreaker(value = "payments", key = "#order")
        public String charge(Order order) {
            return "charged";
        }
    }

    public static class Order {

        public Merchant getMerchant() {
            return new Merchant("m-1");
        }

        public String region() {
            return "eu";
        }
    }

    public record Merchant(String id) {
    }

    static class PlainService {

        public String call() {
            return "plain";
        }
    }
}
