package io.purgatory.kotlin

import io.purgatory.CallOutcome
import io.purgatory.CircuitBreaker
import org.assertj.core.api.Assertions.assertThat

/** The exception a suspending block ends with; fails the test when it returns. */
suspend inline fun <reified T : Throwable> failureOf(block: suspend () -> Unit): T {
    try {
        block()
    } catch (failure: Throwable) {
        assertThat(failure).isInstanceOf(T::class.java)
        return failure as T
    }
    throw AssertionError("expected a ${T::class.simpleName}, but the call returned")
}

/** How many calls of a breaker ended with each outcome, in one comparable value. */
data class Counts(val success: Long, val failure: Long, val excluded: Long, val rejected: Long)

val CircuitBreaker.counts: Counts
    get() = with(statistics) {
        Counts(count(CallOutcome.SUCCESS), count(CallOutcome.FAILURE), count(CallOutcome.EXCLUDED), count(CallOutcome.REJECTED))
    }

/** The calling coroutine's context without its job: for scopes whose cancellation the test controls. */
suspend fun coroutineContextWithoutJob(): kotlin.coroutines.CoroutineContext =
    kotlinx.coroutines.currentCoroutineContext().minusKey(kotlinx.coroutines.Job)
