package io.purgatory.kotlin

import io.purgatory.CircuitBreaker
import io.purgatory.CircuitBreakerFactory
import io.purgatory.ManualTimeSource
import io.purgatory.autoconfigure.PurgatoryAutoConfiguration
import io.purgatory.autoconfigure.aop.PurgatoryAopAutoConfiguration
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.springframework.boot.autoconfigure.AutoConfigurations
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration
import org.springframework.boot.test.context.runner.ApplicationContextRunner
import org.springframework.context.ApplicationContext

/** The application contexts of these tests: Boot's AOP, Purgatory's auto-configuration and a fake clock. */
object KotlinContexts {

    /** A runner with the advice and a [ManualTimeSource] bean (the factory's clock); add user configuration to it. */
    fun runner(): ApplicationContextRunner = ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                AopAutoConfiguration::class.java,
                PurgatoryAutoConfiguration::class.java,
                PurgatoryAopAutoConfiguration::class.java,
            ),
        )
        .withBean(ManualTimeSource::class.java, { ManualTimeSource() })

    /** A runner with [QuoteService] whose circuits open after 2 failures in a row, for 10 s. */
    fun quoteServiceRunner(): ApplicationContextRunner = runner()
        .withUserConfiguration(QuoteService::class.java)
        .withPropertyValues("purgatory.defaults.threshold=2", "purgatory.defaults.ttl=10s")

    /**
     * Runs a test against a context with [QuoteService] (threshold 2, open 10 s), inside a coroutine.
     *
     * @param test receives the context and the service's proxy
     */
    fun withQuoteService(test: suspend (ApplicationContext, QuoteService) -> Unit) {
        quoteServiceRunner()
            .run { context ->
                assertThat(context).hasNotFailed()
                runBlocking { test(context, context.getBean(QuoteService::class.java)) }
            }
    }

    /** The breaker of a circuit, from the context's factory. */
    fun ApplicationContext.breaker(name: String): CircuitBreaker =
        getBean(CircuitBreakerFactory::class.java).getBreaker(name)

    /** The context's fake clock. */
    val ApplicationContext.clock: ManualTimeSource
        get() = getBean(ManualTimeSource::class.java)
}
