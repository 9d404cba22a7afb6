package io.purgatory.kotlin.readme

import io.purgatory.CircuitOpenException
import io.purgatory.annotation.CircuitBreaker
import java.math.BigDecimal
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emptyFlow
import org.springframework.stereotype.Service

@Service
class QuoteClient(private val api: QuoteApi) {

    @CircuitBreaker(value = "quotes", fallbackMethod = "cached")
    suspend fun quote(symbol: String): Quote = api.fetch(symbol)

    // suspend or not; the same parameters plus the exception, or only the exception
    suspend fun cached(symbol: String, failure: Throwable): Quote = Quote(symbol, price = null)

    @CircuitBreaker(value = "ticks", fallbackMethod = "noTicks")
    fun ticks(symbol: String): Flow<Quote> = api.stream(symbol)

    fun noTicks(symbol: String, rejected: CircuitOpenException): Flow<Quote> = emptyFlow()
}

data class Quote(val symbol: String, val price: BigDecimal?)

interface QuoteApi {
    suspend fun fetch(symbol: String): Quote
    fun stream(symbol: String): Flow<Quote>
}
