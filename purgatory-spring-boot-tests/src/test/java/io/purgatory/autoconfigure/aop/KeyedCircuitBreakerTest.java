package io.purgatory.autoconfigure.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.CallOutcome;
import io.purgatory.CircuitBreakerFactory;
import io.purgatory.CircuitBreakerGroup;
import io.purgatory.CircuitOpenException;
import io.purgatory.CircuitState;
import io.purgatory.ManualTimeSource;
import io.purgatory.annotation.CircuitBreaker;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** {@code @CircuitBreaker(key = ...)}: one circuit per key value, for every return type, configured from properties. */
@ExtendWith(OutputCaptureExtension.class)
class KeyedCircuitBreakerTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PurgatoryAutoConfiguration.class,
                    PurgatoryAopAutoConfiguration.class))
            .withPropertyValues("purgatory.defaults.threshold=2", "purgatory.breakers.payments.threshold=2",
                    "purgatory.breakers.payments.ttl=10s", "purgatory.breakers.payments.max-keys=100");

    private void run(ContextConsumer<AssertableApplicationContext> test) {
        runner.withUserConfiguration(Services.class).run(test);
    }

    private static CircuitBreakerGroup group(AssertableApplicationContext context, String name) {
        return context.getBean(CircuitBreakerFactory.class).getGroup(name);
    }

    record Order(String merchantId, int amount) {
    }

    @Test
    void eachKeyValueOpensOnlyItsOwnCircuitWithTheGroupsSettings() {
        run(context -> {
            PaymentService service = context.getBean(PaymentService.class);
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> service.charge(new Order("bad", -1))).isInstanceOf(IllegalStateException.class);
            }
            assertThatThrownBy(() -> service.charge(new Order("bad", 10))).isInstanceOf(CircuitOpenException.class)
                    .hasMessage("Circuit payments[bad] is open");
            assertThat(service.charge(new Order("good", 10))).isEqualTo("charged good 10");
            assertThat(group(context, "payments").findBreaker("bad").orElseThrow().getState()).isEqualTo(CircuitState.OPEN);
            assertThat(group(context, "payments").findBreaker("good").orElseThrow().getState()).isEqualTo(CircuitState.CLOSED);
            assertThat(group(context, "payments").getConfig().maxKeys()).isEqualTo(100);
            assertThat(service.invocations()).isEqualTo(3);

            context.getBean(ManualTimeSource.class).advance(Duration.ofSeconds(10).plusMillis(1));
            assertThat(service.charge(new Order("bad", 10))).isEqualTo("charged bad 10");
            assertThat(group(context, "payments").findBreaker("bad").orElseThrow().getState()).isEqualTo(CircuitState.CLOSED);
        });
    }

    @Test
    void positionalAliasesNameTheSameKeyAsTheParameterName() {
        run(context -> {
            PaymentService service = context.getBean(PaymentService.class);
            service.byPosition("m1", 1);
            service.byAlias("m1", 1);
            assertThat(group(context, "by-position").findBreaker("m1")).isPresent();
            assertThat(group(context, "by-alias").findBreaker("m1")).isPresent();
            assertThat(group(context, "by-position").findBreaker("m1").orElseThrow().getStatistics()
                    .count(CallOutcome.SUCCESS)).isEqualTo(1);
        });
    }

    @Test
    void fallbackAndExcludesWorkPerKeyAsForPlainBreakers() {
        run(context -> {
            PaymentService service = context.getBean(PaymentService.class);
            assertThat(service.refund("m1", new IllegalStateException("down"))).isEqualTo("no refund for m1: down");
            assertThat(service.refund("m1", new IllegalStateException("down"))).isEqualTo("no refund for m1: down");
            assertThat(group(context, "refunds").findBreaker("m1").orElseThrow().getState()).isEqualTo(CircuitState.OPEN);
            assertThat(service.refund("m1", null)).isEqualTo("no refund for m1: Circuit refunds[m1] is open");

            UnsupportedOperationException excluded = new UnsupportedOperationException("not refundable");
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> service.refund("m2", excluded)).isSameAs(excluded);
            }
            assertThat(group(context, "refunds").findBreaker("m2").orElseThrow().getState()).isEqualTo(CircuitState.CLOSED);
            assertThat(group(context, "refunds").findBreaker("m2").orElseThrow().getStatistics()
                    .count(CallOutcome.EXCLUDED)).isEqualTo(3);
        });
    }

    @Test
    void completionStageAndMonoMethodsAreKeyedToo() {
        run(context -> {
            PaymentService service = context.getBean(PaymentService.class);
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> service.async("h1", true).toCompletableFuture().join())
                        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IllegalStateException.class);
            }
            assertThatThrownBy(() -> service.async("h1", false).toCompletableFuture().join())
                    .hasCauseInstanceOf(CircuitOpenException.class);
            assertThat(service.async("h2", false).toCompletableFuture().join()).isEqualTo("h2");

            for (int i = 0; i < 2; i++) {
                StepVerifier.create(service.mono("r1", true)).expectError(IllegalStateException.class).verify();
            }
            int invocations = service.invocations();
            StepVerifier.create(service.mono("r1", false)).expectError(CircuitOpenException.class).verify();
            assertThat(service.invocations()).as("method not invoked when open").isEqualTo(invocations);
            StepVerifier.create(service.mono("r2", false)).expectNext("r2").verifyComplete();
            assertThat(group(context, "hosts").findBreaker("h1").orElseThrow().getState()).isEqualTo(CircuitState.OPEN);
            assertThat(group(context, "routes").findBreaker("r1").orElseThrow().getState()).isEqualTo(CircuitState.OPEN);
            assertThat(group(context, "routes").findBreaker("r2").orElseThrow().getState()).isEqualTo(CircuitState.CLOSED);
        });
    }

    @Test
    void nullKeyRunsOnTheGroupsSharedCircuit() {
        run(context -> {
            PaymentService service = context.getBean(PaymentService.class);
            assertThat(service.charge(new Order(null, 5))).isEqualTo("charged null 5");
            CircuitBreakerFactory factory = context.getBean(CircuitBreakerFactory.class);
            assertThat(factory.findBreaker("payments")).as("the shared circuit").isPresent();
            assertThat(factory.getBreaker("payments").getStatistics().count(CallOutcome.SUCCESS)).isEqualTo(1);
            assertThat(group(context, "payments").size()).isZero();
        });
    }

    @Test
    void keyExpressionThatThrowsRunsOnTheSharedCircuitAndWarnsOnce(CapturedOutput output) {
        run(context -> {
            PaymentService service = context.getBean(PaymentService.class);
            assertThat(service.nested(null)).isEqualTo("nested");
            assertThat(service.nested(null)).isEqualTo("nested");
            assertThat(context.getBean(CircuitBreakerFactory.class).getBreaker("nested").getStatistics()
                    .count(CallOutcome.SUCCESS)).isEqualTo(2);
            String log = output.getOut();
            assertThat(log).contains("The key '#order.merchantId' of @CircuitBreaker(\"nested\") on "
                    + PaymentService.class.getName() + ".nested named no circuit");
            assertThat(log.indexOf("named no circuit")).isEqualTo(log.lastIndexOf("named no circuit"));
        });
    }

    @Test
    void keyThatMakesNoValidCircuitNameRunsOnTheSharedCircuit() {
        run(context -> {
            PaymentService service = context.getBean(PaymentService.class);
            assertThat(service.byPosition("line\nbreak", 1)).isEqualTo("line\nbreak");
            assertThat(context.getBean(CircuitBreakerFactory.class).getBreaker("by-position").getStatistics()
                    .count(CallOutcome.SUCCESS)).isEqualTo(1);
        });
    }

    @Test
    void keyExpressionThatDoesNotParseStopsTheStart() {
        runner.withUserConfiguration(BadKey.class).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof InvalidCircuitBreakerMethodsException)) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(InvalidCircuitBreakerMethodsException.class);
            FailureAnalysis analysis = new InvalidCircuitBreakerMethodsFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                    .contains(BadKey.Service.class.getName() + ".charge(String): key expression '#id +' does not parse");
        });
    }

    @Test
    void keyByParameterNameOfAClassCompiledWithoutParameterNamesIsAStartUpProblem() throws Exception {
        // The JDK is compiled without -parameters: its methods stand for a user class built without it.
        java.lang.reflect.Method nameless = String.class.getMethod("substring", int.class, int.class);
        assertThat(KeyExpression.problem("#beginIndex", nameless))
                .isEqualTo("key expression '#beginIndex' uses parameter names [#beginIndex], but java.lang.String was "
                        + "compiled without them");
        assertThat(KeyExpression.problem("#p0 + '-' + #a1", nameless)).isNull();
        assertThat(KeyExpression.problem("#order.merchantId", PaymentService.class.getMethod("charge", Order.class))).isNull();
    }

    @Configuration(proxyBeanMethods = false)
    static class Services {

        @Bean
        ManualTimeSource manualTime() {
            return new ManualTimeSource();
        }

        @Bean
        PaymentService paymentService() {
            return new PaymentService();
        }
    }

    static class PaymentService {
        private final AtomicInteger invocations = new AtomicInteger();

        public int invocations() {
            return invocations.get();
        }

        @CircuitBreaker(value = "payments", key = "#order.merchantId")
        public String charge(Order order) {
            invocations.incrementAndGet();
            if (order.amount() < 0) {
                throw new IllegalStateException("declined");
            }
            return "charged " + order.merchantId() + " " + order.amount();
        }

        @CircuitBreaker(value = "nested", key = "#order.merchantId")
        public String nested(Order order) {
            return "nested";
        }

        @CircuitBreaker(value = "by-position", key = "#p0")
        public String byPosition(String merchant, int amount) {
            return merchant;
        }

        @CircuitBreaker(value = "by-alias", key = "#a0")
        public String byAlias(String merchant, int amount) {
            return merchant;
        }

        @CircuitBreaker(value = "refunds", key = "#merchant", fallbackMethod = "noRefund",
                exclude = UnsupportedOperationException.class)
        public String refund(String merchant, RuntimeException failure) {
            if (failure != null) {
                throw failure;
            }
            return "refunded " + merchant;
        }

        String noRefund(String merchant, RuntimeException failure, Throwable e) {
            return "no refund for " + merchant + ": " + e.getMessage();
        }

        @CircuitBreaker(value = "hosts", key = "#host")
        public CompletableFuture<String> async(String host, boolean fail) {
            return fail ? CompletableFuture.failedFuture(new IllegalStateException("down")) : CompletableFuture.completedFuture(host);
        }

        @CircuitBreaker(value = "routes", key = "#route")
        public Mono<String> mono(String route, boolean fail) {
            invocations.incrementAndGet();
            return fail ? Mono.error(new IllegalStateException("down")) : Mono.just(route);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class BadKey {

        @Bean
        Service service() {
            return new Service();
        }

        static class Service {
            @CircuitBreaker(value = "bad", key = "#id +")
            public String charge(String id) {
                return id;
            }
        }
    }
}
