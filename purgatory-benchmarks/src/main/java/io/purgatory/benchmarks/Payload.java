package io.purgatory.benchmarks;

import org.openjdk.jmh.infra.Blackhole;

/**
 * The guarded work of the call-path benchmarks: a little CPU that the JIT cannot remove, then a
 * value. Small on purpose, so that the breaker's overhead is what the scores differ by.
 * Immutable; thread-safe.
 */
public final class Payload {

    /** The value every guarded call returns. */
    public static final Integer RESULT = 42;

    /** The work of the Spring benchmarks' method bodies, the same as the core benchmarks' default. */
    public static final long DEFAULT_TOKENS = 10;

    private Payload() {
    }

    /**
     * Burns {@code tokens} of CPU and returns {@link #RESULT}.
     *
     * @param tokens work for {@link Blackhole#consumeCPU(long)}
     * @return {@link #RESULT}
     */
    public static Integer work(long tokens) {
        Blackhole.consumeCPU(tokens);
        return RESULT;
    }

    /**
     * Burns {@link #DEFAULT_TOKENS} of CPU and returns {@link #RESULT}: the body of every benchmarked Spring method.
     *
     * @return {@link #RESULT}
     */
    public static Integer work() {
        return work(DEFAULT_TOKENS);
    }
}
