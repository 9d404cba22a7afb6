package io.purgatory.kotlin

import io.purgatory.CircuitOpenException
import io.purgatory.annotation.CircuitBreaker
import java.io.IOException
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.yield
import org.springframework.stereotype.Component

/**
 * A Kotlin bean with guarded suspend functions and flows. Each call runs [answer] after a real
 * suspension, so an outcome recorded at the call's first suspension would be visibly wrong.
 */
@Component
class QuoteService {

    val invocations = AtomicInteger()

    /** What the guarded functions do once invoked; tests replace it. */
    @Volatile
    var answer: suspend (String) -> String = { id -> "quote $id" }

    @CircuitBreaker("quotes", exclude = [IllegalArgumentException::class])
    suspend fun quote(id: String): String {
        invocations.incrementAndGet()
        yield()
        return answer(id)
    }

    @CircuitBreaker("quotes-suspend-fallback", fallbackMethod = "cached")
    suspend fun quoteOrCached(id: String): String {
        invocations.incrementAndGet()
        yield()
        return answer(id)
    }

    suspend fun cached(id: String, failure: Throwable): String {
        yield()
        return "cached $id after ${failure::class.simpleName}"
    }

    @CircuitBreaker("quotes-plain-fallback", fallbackMethod = "unavailable")
    suspend fun quoteOrUnavailable(id: String): String {
        invocations.incrementAndGet()
        yield()
        return answer(id)
    }

    fun unavailable(rejected: CircuitOpenException): String = "unavailable: ${rejected.circuitName} is open"

    @CircuitBreaker("quotes-unit")
    suspend fun publish(id: String) {
        invocations.incrementAndGet()
        yield()
        answer(id)
    }

    @CircuitBreaker("ticker", fallbackMethod = "lastKnown")
    fun ticker(count: Int): Flow<String> {
        invocations.incrementAndGet()
        return flow {
            for (i in 1..count) {
                emit(answer("tick $i"))
            }
        }
    }

    fun lastKnown(count: Int, failure: IOException): Flow<String> = flowOf("last known after ${failure.message}")
}
