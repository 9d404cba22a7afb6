package io.purgatory;

/**
 * The rates a breaker's sliding window shows now. Immutable; thread-safe.
 *
 * @param calls calls the window holds
 * @param failures counted failures among them
 * @param slowCalls slow calls among them
 * @param minimumCalls calls needed before rates are evaluated
 * @param windowCapacity calls a count-based window can hold, or -1 for a time-based window
 */
public record CircuitRates(int calls, int failures, int slowCalls, int minimumCalls, int windowCapacity) {

    /** The rates of a breaker without a window. */
    public static final CircuitRates NONE = new CircuitRates(0, 0, 0, Integer.MAX_VALUE, 0);

    /**
     * Returns the failure rate in percent, or -1 while fewer than {@code minimumCalls} calls were seen
     * (unknown, which is not the same as 0).
     *
     * @return the failure rate, or -1
     */
    public float failureRate() {
        return calls < minimumCalls ? -1f : 100f * failures / calls;
    }

    /**
     * Returns the slow-call rate in percent, or -1 while fewer than {@code minimumCalls} calls were seen.
     *
     * @return the slow-call rate, or -1
     */
    public float slowCallRate() {
        return calls < minimumCalls ? -1f : 100f * slowCalls / calls;
    }
}
