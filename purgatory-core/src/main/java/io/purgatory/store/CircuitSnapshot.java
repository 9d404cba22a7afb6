package io.purgatory.store;

import io.purgatory.CircuitState;
import java.time.Duration;
import java.time.Instant;

/**
 * What one instance knows about a circuit at one moment. Immutable; thread-safe.
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
}
