package io.purgatory.kotlin

import io.purgatory.CircuitOpenException
import io.purgatory.CircuitState
import io.purgatory.kotlin.KotlinContexts.breaker
import io.purgatory.kotlin.KotlinContexts.clock
import java.io.IOException
import java.time.Duration
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.context.ApplicationContext

/**
 * `@CircuitBreaker` on a function returning a `Flow`: the semantics of a `Flux`, with the permission taken
 * at collection and each collection one call.
 */
class FlowTest {

    private fun run(test: suspend (ApplicationContext, QuoteService) -> Unit) = KotlinContexts.withQuoteService(test)

    private fun halfOpen(context: ApplicationContext) {
        context.breaker("ticker").transitionTo(CircuitState.OPEN)
        context.clock.advance(Duration.ofSeconds(11))
    }

    @Test
    fun `the permission is taken at collection, and each collection is one call`() = run { context, service ->
        val ticker = service.ticker(2)
        assertThat(service.invocations).hasValue(0)
        assertThat(ticker.toList()).containsExactly("quote tick 1", "quote tick 2")
        assertThat(ticker.toList()).containsExactly("quote tick 1", "quote tick 2")
        assertThat(service.invocations).hasValue(2)
        assertThat(context.breaker("ticker").counts).isEqualTo(Counts(2, 0, 0, 0))
    }

    @Test
    fun `when the circuit is open collecting throws CircuitOpenException and the function is not invoked`() =
        run { context, service ->
            context.breaker("ticker").transitionTo(CircuitState.OPEN)
            val ticker = service.ticker(2) // building the flow is not a call: nothing is rejected yet
            assertThat(context.breaker("ticker").counts).isEqualTo(Counts(0, 0, 0, 0))
            // The fallback takes IOException only: the rejection reaches the collector.
            failureOf<CircuitOpenException> { ticker.toList() }
            assertThat(service.invocations).hasValue(0)
            assertThat(context.breaker("ticker").counts).isEqualTo(Counts(0, 0, 0, 1))
        }

    @Test
    fun `a failing flow counts a failure and goes to its fallback`() = run { context, service ->
        service.answer = { throw IOException("down") }
        assertThat(service.ticker(2).toList()).containsExactly("last known after down")
        assertThat(context.breaker("ticker").counts).isEqualTo(Counts(0, 1, 0, 0))
    }

    @Test
    fun `a collector that stops after the first element is a success and closes a half-open circuit`() =
        run { context, service ->
            halfOpen(context)
            assertThat(service.ticker(5).first()).isEqualTo("quote tick 1")
            assertThat(context.breaker("ticker").state).isEqualTo(CircuitState.CLOSED)
            assertThat(context.breaker("ticker").counts).isEqualTo(Counts(1, 0, 0, 0))
        }

    @Test
    fun `a collector cancelled before any element frees the trial without counting`() = run { context, service ->
        halfOpen(context)
        val entered = CompletableDeferred<Unit>()
        service.answer = {
            entered.complete(Unit)
            awaitCancellation()
        }
        val collector = CoroutineScope(coroutineContextWithoutJob() + Job())
        val collecting = collector.launch { service.ticker(3).toList() }
        entered.await()
        collector.cancel()
        collecting.join()
        val breaker = context.breaker("ticker")
        assertThat(breaker.state).isEqualTo(CircuitState.HALF_OPEN)
        assertThat(breaker.counts).isEqualTo(Counts(0, 0, 0, 0))
        service.answer = { id -> "quote $id" }
        assertThat(service.ticker(1).toList()).containsExactly("quote tick 1")
        assertThat(breaker.state).isEqualTo(CircuitState.CLOSED)
    }

    @Test
    fun `a CancellationException thrown by the flow counts as neither and skips the fallback`() =
        run { context, service ->
            halfOpen(context)
            service.answer = { throw CancellationException("stopped") }
            failureOf<CancellationException> { service.ticker(1).toList() }
            val breaker = context.breaker("ticker")
            assertThat(breaker.state).isEqualTo(CircuitState.HALF_OPEN)
            assertThat(breaker.counts).isEqualTo(Counts(0, 0, 0, 0))
        }
}
