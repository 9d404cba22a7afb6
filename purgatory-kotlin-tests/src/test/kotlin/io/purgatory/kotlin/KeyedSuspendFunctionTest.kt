package io.purgatory.kotlin

import io.purgatory.CallOutcome
import io.purgatory.CircuitBreakerFactory
import io.purgatory.CircuitOpenException
import io.purgatory.CircuitState
import io.purgatory.annotation.CircuitBreaker
import java.io.IOException
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.stereotype.Component

/**
 * `@CircuitBreaker(key = ...)` on a `suspend fun`: the key is read from the Kotlin parameters by name and by
 * position (the continuation is not one of them), and each key's circuit opens on its own.
 */
class KeyedSuspendFunctionTest {

    @Component
    class SymbolQuotes {
        @Volatile
        var failing: Set<String> = emptySet()

        @CircuitBreaker("symbols", key = "#symbol")
        suspend fun quote(symbol: String, venue: String): String {
            yield()
            if (symbol in failing) throw IOException("$symbol down")
            return "$symbol@$venue"
        }

        @CircuitBreaker("venues", key = "#p1")
        suspend fun byVenue(symbol: String, venue: String): String {
            yield()
            return "$symbol@$venue"
        }
    }

    private val runner = KotlinContexts.runner()
        .withUserConfiguration(SymbolQuotes::class.java)
        .withPropertyValues("purgatory.breakers.symbols.threshold=2")

    @Test
    fun `each key of a suspend function opens only its own circuit`() {
        runner.run { context -> check(context) }
    }

    private fun check(context: org.springframework.boot.test.context.assertj.AssertableApplicationContext) {
        assertThat(context).hasNotFailed()
        val service = context.getBean(SymbolQuotes::class.java)
        val symbols = context.getBean(CircuitBreakerFactory::class.java).getGroup("symbols")
        service.failing = setOf("ACME")
        runBlocking {
            repeat(2) { failureOf<IOException> { service.quote("ACME", "NYSE") } }
            failureOf<CircuitOpenException> { service.quote("ACME", "NYSE") }
            assertThat(service.quote("INIT", "NYSE")).isEqualTo("INIT@NYSE")
            assertThat(service.byVenue("ACME", "LSE")).isEqualTo("ACME@LSE")
        }
        assertThat(symbols.findBreaker("ACME").orElseThrow().state).isEqualTo(CircuitState.OPEN)
        assertThat(symbols.findBreaker("INIT").orElseThrow().statistics.count(CallOutcome.SUCCESS)).isEqualTo(1)
        val venues = context.getBean(CircuitBreakerFactory::class.java).getGroup("venues")
        assertThat(venues.findBreaker("LSE")).isPresent
    }
}
