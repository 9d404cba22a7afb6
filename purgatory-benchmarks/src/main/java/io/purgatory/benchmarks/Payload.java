package io.purgatory.benchmarks;

import org.openjdk.jmh.infra.Blackhole;

/**
 * The guarded work of the call-path benchmarks: a little CPU that the JIT cannot remove, then a
 * value. Small on purpose, so that the breaker's overhead is what the scores differ by.
 * Immutable; thread-safe.
 */
final class Payload {

    /** The value every guarded call returns. */
    static final Integer RESULT = 42;

    private Payload() {
    }

    /**
     * Burns {@code tokens} of CPU and returns {@link #RESULT}.
     *
     * @param tokens work for {@link Blackhole#consumeCPU(long)}
     * @return {@link #RESULT}
     */
    static Integer work(long tokens) {
        Blackhole.consumeCPU(tokens);
        return RESULT;
    }
}
