package kotlin.coroutines;

/**
 * Stands in for Kotlin's own type, which a {@code suspend fun} takes as its hidden last parameter,
 * so the start-up check of suspend functions is tested without Kotlin on the test class path.
 *
 * @param <T> the coroutine's result type
 */
public interface Continuation<T> {
}
