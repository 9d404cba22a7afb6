package io.purgatory.store;

import io.purgatory.CircuitState;
import java.time.Duration;
import java.time.Instant;

/**
 * What one instance knows about a circuit at one moment. Immutable; thread-safe.
 *
 * <p>New facts are added as new components, so the canonical constructor's parameter list is not a
 * stable API: stores build snapshots with {@link #builder(CircuitState)} or {@link #toBuilder()},
 * which keep compiling when a component is added (with a neutral default).
 *
 * @param state the current state
 * @param consecutiveFailures counted failures in a row (0 outside CLOSED)
 * @param openedAt when the circuit last opened, or {@code null} unless OPEN, HALF_OPEN or FORCED_OPEN after an opening
 * @param openPeriod how long the current open period lasts (back-off included), or {@code null} unless OPEN
 * @param trialsInFlight trial calls running now (HALF_OPEN only)
 * @param reopenings re-openings since the circuit last closed (drives the back-off)
 * @param version a number that grows with every transition
 * @param degraded whether a shared store is unreachable and the circuit decides locally
 */
public record CircuitSnapshot(
        CircuitState state,
        int consecutiveFailures,
        Instant openedAt,
        Duration openPeriod,
        int trialsInFlight,
        int reopenings,
        long version,
        boolean degraded) {

    /**
     * Returns a builder for a snapshot of a circuit in {@code state}, every other fact at its neutral value.
     *
     * @param state the state
     * @return a new builder
     */
    public static Builder builder(CircuitState state) {
        return new Builder(state);
    }

    /**
     * Returns a builder that starts from this snapshot.
     *
     * @return a new builder holding these facts
     */
    public Builder toBuilder() {
        return new Builder(state).consecutiveFailures(consecutiveFailures).openedAt(openedAt).openPeriod(openPeriod)
                .trialsInFlight(trialsInFlight).reopenings(reopenings).version(version).degraded(degraded);
    }

    /** Builds a {@link CircuitSnapshot}; not thread-safe. */
    public static final class Builder {
        private final CircuitState state;
        private int consecutiveFailures;
        private Instant openedAt;
        private Duration openPeriod;
        private int trialsInFlight;
        private int reopenings;
        private long version;
        private boolean degraded;

        private Builder(CircuitState state) {
            this.state = java.util.Objects.requireNonNull(state, "state");
        }

        /**
         * Sets {@link CircuitSnapshot#consecutiveFailures()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder consecutiveFailures(int value) {
            this.consecutiveFailures = value;
            return this;
        }

        /**
         * Sets {@link CircuitSnapshot#openedAt()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder openedAt(Instant value) {
            this.openedAt = value;
            return this;
        }

        /**
         * Sets {@link CircuitSnapshot#openPeriod()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder openPeriod(Duration value) {
            this.openPeriod = value;
            return this;
        }

        /**
         * Sets {@link CircuitSnapshot#trialsInFlight()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder trialsInFlight(int value) {
            this.trialsInFlight = value;
            return this;
        }

        /**
         * Sets {@link CircuitSnapshot#reopenings()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder reopenings(int value) {
            this.reopenings = value;
            return this;
        }

        /**
         * Sets {@link CircuitSnapshot#version()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder version(long value) {
            this.version = value;
            return this;
        }

        /**
         * Sets {@link CircuitSnapshot#degraded()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder degraded(boolean value) {
            this.degraded = value;
            return this;
        }

        /**
         * Builds the snapshot.
         *
         * @return the snapshot
         */
        public CircuitSnapshot build() {
            return new CircuitSnapshot(state, consecutiveFailures, openedAt, openPeriod, trialsInFlight, reopenings,
                    version, degraded);
        }
    }
}
