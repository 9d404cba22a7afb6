package io.purgatory.kotlin.readme

import io.purgatory.CircuitState
import io.purgatory.kotlin.KotlinContexts
import io.purgatory.kotlin.KotlinContexts.breaker
import java.io.IOException
import java.math.BigDecimal
import java.nio.file.Files
import java.nio.file.Path
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * The README's Kotlin example is [ReadmeExample.kt][QuoteClient] word for word (this test compares them),
 * and it works as the README says.
 */
class ReadmeKotlinExampleTest {

    @Test
    fun `the README's Kotlin example is this module's ReadmeExample kt`() {
        val readme = Files.readString(Path.of("../README.md"))
        val section = readme.substringAfter("### Kotlin: suspend functions and Flow")
        val snippet = section.substringAfter("```kotlin\n").substringBefore("```")
        val source = Files.readString(Path.of("src/test/kotlin/io/purgatory/kotlin/readme/ReadmeExample.kt"))
        assertThat(source).isEqualTo("package io.purgatory.kotlin.readme\n\n" + snippet)
    }

    @Test
    fun `the example's quote falls back to the cached quote and its ticks to none`() {
        KotlinContexts.runner()
            .withUserConfiguration(QuoteClient::class.java)
            .withBean(QuoteApi::class.java, { FailingApi() })
            .withPropertyValues("purgatory.breakers.quotes.threshold=1")
            .run { context ->
                val client = context.getBean(QuoteClient::class.java)
                runBlocking {
                    assertThat(client.quote("ACME")).isEqualTo(Quote("ACME", price = null))
                    assertThat(context.breaker("quotes").state).isEqualTo(CircuitState.OPEN)
                    assertThat(client.quote("ACME")).isEqualTo(Quote("ACME", price = null)) // rejected, same fallback
                    assertThat(client.ticks("ACME").toList()).containsExactly(Quote("ACME", BigDecimal.ONE))
                    context.breaker("ticks").transitionTo(CircuitState.OPEN)
                    assertThat(client.ticks("ACME").toList()).isEmpty()
                }
            }
    }

    /** A quote service that is down for single quotes and streams one tick. */
    class FailingApi : QuoteApi {
        override suspend fun fetch(symbol: String): Quote = throw IOException("quote service down")

        override fun stream(symbol: String): Flow<Quote> = flow { emit(Quote(symbol, BigDecimal.ONE)) }
    }
}
