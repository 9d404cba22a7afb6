package io.purgatory.autoconfigure.aop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.purgatory.CircuitOpenException;
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration;
import io.purgatory.annotation.CircuitBreaker;
import java.util.concurrent.CompletableFuture;
import io.purgatory.autoconfigure.aop.GuardedServices.SyncService;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.Ordered;

class PurgatoryAopAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, PurgatoryAutoConfiguration.class,
                    PurgatoryAopAutoConfiguration.class));

    @Test
    void registersTheAdvisorAndProxiesAnnotatedBeans() {
        runner.withUserConfiguration(GuardedServices.class).run(context -> {
            assertThat(context).hasBean(PurgatoryAopAutoConfiguration.ADVISOR_BEAN_NAME);
            assertThat(context).hasSingleBean(AnnotationExcludes.class);
            assertThat(AopUtils.isAopProxy(context.getBean(SyncService.class))).isTrue();
            assertThat(((Ordered) context.getBean(PurgatoryAopAutoConfiguration.ADVISOR_BEAN_NAME)).getOrder())
                    .isEqualTo(Ordered.LOWEST_PRECEDENCE - 10);
        });
    }

    @Test
    void orderIsConfigurable() {
        runner.withPropertyValues("purgatory.aspect.order=7").run(context ->
                assertThat(((Ordered) context.getBean(PurgatoryAopAutoConfiguration.ADVISOR_BEAN_NAME)).getOrder()).isEqualTo(7));
    }

    @Test
    void disabledRegistersNoAdvice() {
        runner.withUserConfiguration(GuardedServices.class).withPropertyValues("purgatory.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(Advisor.class);
            assertThat(AopUtils.isAopProxy(context.getBean(SyncService.class))).isFalse();
        });
    }

    @Test
    void worksWithoutAspectJThroughTheInfrastructureAutoProxyCreator() {
        // JDK proxies: CGLIB cannot subclass test classes through a FilteredClassLoader.
        runner.withClassLoader(new FilteredClassLoader("org.aspectj")).withBean(Api.class, Guarded::new)
                .withPropertyValues("purgatory.defaults.threshold=1", "spring.aop.proxy-target-class=false").run(context -> {
                    Api api = context.getBean(Api.class);
                    assertThatThrownBy(() -> api.call(true)).isInstanceOf(IllegalStateException.class);
                    assertThatThrownBy(() -> api.call(false)).isInstanceOf(CircuitOpenException.class);
                });
    }

    @Test
    void proxyTargetClassIsHonouredWhenBootsAopAutoConfigurationIsOff() {
        ApplicationContextRunner withoutBootAop = runner.withBean(Api.class, Guarded::new)
                .withPropertyValues("spring.aop.auto=false");
        withoutBootAop.withPropertyValues("spring.aop.proxy-target-class=true").run(context ->
                assertThat(AopUtils.isCglibProxy(context.getBean(Api.class))).isTrue());
        withoutBootAop.run(context -> assertThat(AopUtils.isCglibProxy(context.getBean(Api.class)))
                .as("Boot's default, spring.aop.proxy-target-class=true").isTrue());
        withoutBootAop.withPropertyValues("spring.aop.proxy-target-class=false").run(context ->
                assertThat(AopUtils.isJdkDynamicProxy(context.getBean(Api.class))).isTrue());
    }

    @Test
    void handlesSyncAndAsyncWithoutReactor() {
        runner.withClassLoader(new FilteredClassLoader("reactor.")).withBean(Api.class, Guarded::new)
                .withPropertyValues("purgatory.defaults.threshold=1", "spring.aop.proxy-target-class=false").run(context -> {
                    assertThat(context).hasNotFailed();
                    Api api = context.getBean(Api.class);
                    assertThatThrownBy(() -> api.async(true).join()).hasCauseInstanceOf(IllegalStateException.class);
                    assertThatThrownBy(() -> api.async(false).join()).hasCauseInstanceOf(CircuitOpenException.class);
                    assertThatThrownBy(() -> api.call(true)).isInstanceOf(IllegalStateException.class);
                    assertThatThrownBy(() -> api.call(false)).isInstanceOf(CircuitOpenException.class);
                });
    }

    /** Proxied through its interface; the annotations sit on the implementation. */
    public interface Api {
        String call(boolean fail);

        CompletableFuture<String> async(boolean fail);
    }

    static class Guarded implements Api {
        @Override
        @CircuitBreaker("api")
        public String call(boolean fail) {
            if (fail) {
                throw new IllegalStateException("boom");
            }
            return "ok";
        }

        @Override
        @CircuitBreaker("api-async")
        public CompletableFuture<String> async(boolean fail) {
            return fail ? CompletableFuture.failedFuture(new IllegalStateException("boom"))
                    : CompletableFuture.completedFuture("ok");
        }
    }
}
