package io.purgatory;

/** How a {@link RateWindow} decides which calls are recent. */
public enum SlidingWindowType {

    /** The last N calls. */
    COUNT_BASED,

    /** The calls of the last duration, kept in ten buckets that each cover a tenth of it. */
    TIME_BASED
}
