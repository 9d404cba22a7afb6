package io.purgatory.kotlin

import io.purgatory.annotation.CircuitBreaker
import io.purgatory.autoconfigure.aop.InvalidCircuitBreakerMethodsException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flowOf
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.stereotype.Component

/** Bad `@CircuitBreaker` Kotlin functions stop the start, reported with their Kotlin signatures. */
class KotlinValidationTest {

    private fun failureOf(service: Class<*>): String {
        var description = ""
        KotlinContexts.runner().withUserConfiguration(service).run { context ->
            assertThat(context).hasFailed()
            var failure: Throwable? = context.startupFailure
            while (failure != null && failure !is InvalidCircuitBreakerMethodsException) {
                failure = failure.cause
            }
            assertThat(failure).isInstanceOf(InvalidCircuitBreakerMethodsException::class.java)
            description = failure!!.message!!
        }
        return description
    }

    @Test
    fun `a missing fallback of a suspend function names the Kotlin forms that would fit`() {
        assertThat(failureOf(MissingFallback::class.java))
            .contains("${MissingFallback::class.java.name}: suspend fun quote(id: String): String: fallback: no method named 'later'")
            .contains(
                "expected: suspend fun later(id: String, e: Throwable): String or suspend fun later(e: Throwable): String " +
                    "(suspend or not), where Throwable may be any subtype such as CircuitOpenException",
            )
    }

    @Test
    fun `a suspend fallback with the wrong result is shown as Kotlin declares it`() {
        assertThat(failureOf(WrongResult::class.java))
            .contains("suspend fun later(id: String, e: Throwable): Int returns Int, not a String")
    }

    @Test
    fun `a plain fallback with the wrong parameters is shown as Kotlin declares it`() {
        assertThat(failureOf(WrongParameters::class.java))
            .contains("fun later(id: Int, e: Throwable): String has the wrong parameters")
    }

    @Test
    fun `a suspend fallback of a function that does not suspend is refused`() {
        assertThat(failureOf(SuspendFallbackOfPlainFunction::class.java))
            .contains("suspend fun later(id: String, e: Throwable): String is a suspend function, which only a suspend function's fallback may be")
            .contains("expected: fun later(id: String, e: Throwable): String or fun later(e: Throwable): String,")
    }

    @Test
    fun `a flow's fallback must return a flow`() {
        assertThat(failureOf(FlowWithListFallback::class.java))
            .contains("fun later(e: Throwable): List<String> returns List<String>, not a Flow<String>")
    }

    @Test
    fun `a suspend function returning a flow is refused with the fix`() {
        assertThat(failureOf(SuspendFlow::class.java))
            .contains("${SuspendFlow::class.java.name}: suspend fun ticks(): Flow<String>: a suspend function returning a Flow")
            .contains("expected: a function returning Flow<T> without suspend")
    }

    @Component
    class MissingFallback {
        @CircuitBreaker("quotes", fallbackMethod = "later")
        suspend fun quote(id: String): String = id
    }

    @Component
    class WrongResult {
        @CircuitBreaker("quotes", fallbackMethod = "later")
        suspend fun quote(id: String): String = id

        suspend fun later(id: String, e: Throwable): Int = id.length
    }

    @Component
    class WrongParameters {
        @CircuitBreaker("quotes", fallbackMethod = "later")
        suspend fun quote(id: String): String = id

        fun later(id: Int, e: Throwable): String = "$id"
    }

    @Component
    class SuspendFallbackOfPlainFunction {
        @CircuitBreaker("quotes", fallbackMethod = "later")
        fun quote(id: String): String = id

        suspend fun later(id: String, e: Throwable): String = id
    }

    @Component
    class FlowWithListFallback {
        @CircuitBreaker("ticks", fallbackMethod = "later")
        fun ticks(): Flow<String> = flowOf("tick")

        fun later(e: Throwable): List<String> = listOf("later")
    }

    @Component
    class SuspendFlow {
        @CircuitBreaker("ticks")
        suspend fun ticks(): Flow<String> = flowOf("tick")
    }
}
