package io.purgatory.kotlin

import io.purgatory.CircuitOpenException
import io.purgatory.CircuitState
import io.purgatory.kotlin.KotlinContexts.breaker
import io.purgatory.kotlin.KotlinContexts.clock
import java.io.IOException
import java.time.Duration
import kotlin.coroutines.cancellation.CancellationException
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.springframework.context.ApplicationContext

/**
 * `@CircuitBreaker` on a `suspend fun`: the permission is taken at the call, the outcome recorded when the
 * coroutine resumes, a cancellation counts as neither and frees its trial slot, and an open circuit
 * throws `CircuitOpenException` into the coroutine without invoking the body.
 */
class SuspendFunctionTest {

    private fun run(test: suspend (ApplicationContext, QuoteService) -> Unit) = KotlinContexts.withQuoteService(test)

    /** Opens the circuit and lets its ttl pass on the fake clock: the next call is the trial. */
    private fun halfOpen(context: ApplicationContext, name: String) {
        context.breaker(name).transitionTo(CircuitState.OPEN)
        context.clock.advance(Duration.ofSeconds(11))
    }

    @Test
    fun `the outcome is recorded when the coroutine resumes, not when it first suspends`() = run { context, service ->
        val gate = CompletableDeferred<Unit>()
        val entered = CompletableDeferred<Unit>()
        service.answer = {
            entered.complete(Unit)
            gate.await()
            throw IOException("down")
        }
        val breaker = context.breaker("quotes")
        val call = CoroutineScope(coroutineContextWithoutJob()).launch {
            failureOf<IOException> { service.quote("a") }
        }
        entered.await()
        assertThat(breaker.counts).isEqualTo(Counts(0, 0, 0, 0))
        gate.complete(Unit)
        call.join()
        assertThat(breaker.counts).isEqualTo(Counts(0, 1, 0, 0))
        assertThat(breaker.consecutiveFailures).isEqualTo(1)
    }

    @Test
    fun `successes reset the count and failures in a row open the circuit`() = run { context, service ->
        val breaker = context.breaker("quotes")
        service.answer = { throw IOException("down") }
        failureOf<IOException> { service.quote("a") }
        service.answer = { id -> "quote $id" }
        assertThat(service.quote("b")).isEqualTo("quote b")
        assertThat(breaker.consecutiveFailures).isZero()
        service.answer = { throw IOException("down") }
        failureOf<IOException> { service.quote("c") }
        failureOf<IOException> { service.quote("d") }
        assertThat(breaker.state).isEqualTo(CircuitState.OPEN)
        assertThat(breaker.counts).isEqualTo(Counts(1, 3, 0, 0))
    }

    @Test
    fun `an excluded exception reaches the caller and counts as a success`() = run { context, service ->
        val breaker = context.breaker("quotes")
        service.answer = { throw IOException("down") }
        failureOf<IOException> { service.quote("a") }
        service.answer = { throw IllegalArgumentException("bad id") }
        assertThat(failureOf<IllegalArgumentException> { service.quote("b") }).hasMessage("bad id")
        assertThat(breaker.consecutiveFailures).isZero()
        assertThat(breaker.counts).isEqualTo(Counts(0, 1, 1, 0))
    }

    @Test
    fun `when the circuit is open the body is not invoked and CircuitOpenException is thrown into the coroutine`() =
        run { context, service ->
            context.breaker("quotes").transitionTo(CircuitState.OPEN)
            val rejected = failureOf<CircuitOpenException> { service.quote("a") }
            assertThat(rejected.circuitName).isEqualTo("quotes")
            assertThat(service.invocations).hasValue(0)
            assertThat(context.breaker("quotes").counts).isEqualTo(Counts(0, 0, 0, 1))
        }

    @Test
    fun `a trial that succeeds closes the circuit and one that fails opens it again`() = run { context, service ->
        val breaker = context.breaker("quotes")
        halfOpen(context, "quotes")
        assertThat(service.quote("a")).isEqualTo("quote a")
        assertThat(breaker.state).isEqualTo(CircuitState.CLOSED)
        halfOpen(context, "quotes")
        service.answer = { throw IOException("down") }
        failureOf<IOException> { service.quote("b") }
        assertThat(breaker.state).isEqualTo(CircuitState.OPEN)
    }

    @Test
    fun `a suspend fallback runs for rejections and counted failures`() = run { context, service ->
        context.breaker("quotes-suspend-fallback").transitionTo(CircuitState.OPEN)
        assertThat(service.quoteOrCached("a")).isEqualTo("cached a after CircuitOpenException")
        assertThat(service.invocations).hasValue(0)
        context.breaker("quotes-suspend-fallback").transitionTo(CircuitState.CLOSED)
        service.answer = { throw IOException("down") }
        assertThat(service.quoteOrCached("b")).isEqualTo("cached b after IOException")
        assertThat(context.breaker("quotes-suspend-fallback").consecutiveFailures).isEqualTo(1)
    }

    @Test
    fun `a plain fallback of a suspend function returns the value itself`() = run { context, service ->
        context.breaker("quotes-plain-fallback").transitionTo(CircuitState.OPEN)
        assertThat(service.quoteOrUnavailable("a")).isEqualTo("unavailable: quotes-plain-fallback is open")
        assertThat(service.invocations).hasValue(0)
        // A failure no fallback takes reaches the caller unchanged.
        context.breaker("quotes-plain-fallback").transitionTo(CircuitState.CLOSED)
        service.answer = { throw IOException("down") }
        failureOf<IOException> { service.quoteOrUnavailable("b") }
    }

    @Test
    fun `a suspend function returning Unit is guarded too`() = run { context, service ->
        service.publish("a")
        service.answer = { throw IOException("down") }
        failureOf<IOException> { service.publish("b") }
        assertThat(context.breaker("quotes-unit").counts).isEqualTo(Counts(1, 1, 0, 0))
    }

    @Test
    fun `a CancellationException in HALF_OPEN counts as neither, skips the fallback and frees the trial`() =
        run { context, service ->
            val breaker = context.breaker("quotes-suspend-fallback")
            halfOpen(context, "quotes-suspend-fallback")
            service.answer = { throw CancellationException("stopped") }
            assertThat(failureOf<CancellationException> { service.quoteOrCached("a") }).hasMessage("stopped")
            assertThat(breaker.state).isEqualTo(CircuitState.HALF_OPEN)
            assertThat(breaker.counts).isEqualTo(Counts(0, 0, 0, 0))
            // The slot is free: the next call is admitted as the trial (half-open-calls is 1) and closes the circuit.
            service.answer = { id -> "quote $id" }
            assertThat(service.quoteOrCached("b")).isEqualTo("quote b")
            assertThat(breaker.state).isEqualTo(CircuitState.CLOSED)
        }

    @Test
    fun `a parent scope cancelled mid-call cancels the body and frees the trial`() = run { context, service ->
        val breaker = context.breaker("quotes")
        halfOpen(context, "quotes")
        val entered = CompletableDeferred<Unit>()
        val bodyCancelled = CompletableDeferred<Throwable>()
        service.answer = {
            entered.complete(Unit)
            try {
                awaitCancellation()
            } catch (cancelled: CancellationException) {
                bodyCancelled.complete(cancelled)
                throw cancelled
            }
        }
        val parent = CoroutineScope(coroutineContextWithoutJob() + Job())
        val call = parent.launch { service.quote("a") }
        entered.await()
        parent.cancel()
        call.join()
        assertThat(bodyCancelled.await()).isInstanceOf(CancellationException::class.java)
        assertThat(call.isCancelled).isTrue()
        assertThat(breaker.state).isEqualTo(CircuitState.HALF_OPEN)
        assertThat(breaker.counts).isEqualTo(Counts(0, 0, 0, 0))
        service.answer = { id -> "quote $id" }
        assertThat(service.quote("b")).isEqualTo("quote b")
        assertThat(breaker.state).isEqualTo(CircuitState.CLOSED)
    }

    @Test
    fun `withTimeout around the call frees the trial when it fires`() {
        KotlinContexts.quoteServiceRunner().run { context ->
            val service = context.getBean(QuoteService::class.java)
            val breaker = context.breaker("quotes")
            // runTest's virtual time: the timeout fires without waiting, the circuit's time is the fake clock's.
            runTest {
                halfOpen(context, "quotes")
                service.answer = { awaitCancellation() }
                failureOf<TimeoutCancellationException> { withTimeout(1.seconds) { service.quote("slow") } }
                assertThat(breaker.state).isEqualTo(CircuitState.HALF_OPEN)
                assertThat(breaker.counts).isEqualTo(Counts(0, 0, 0, 0))
                service.answer = { id -> "quote $id" }
                assertThat(withTimeout(1.seconds) { service.quote("fast") }).isEqualTo("quote fast")
                assertThat(breaker.state).isEqualTo(CircuitState.CLOSED)
            }
        }
    }
}
