package io.purgatory.autoconfigure.health;

import org.springframework.boot.actuate.health.Status;

/**
 * The standard health status reported for a circuit that rejects calls. Immutable; thread-safe.
 */
public enum OpenCircuitStatus {

    /** The application stays up: an open circuit is the application protecting itself. */
    UP(Status.UP),

    /** The component is down; with the default aggregation the whole application reports DOWN. */
    DOWN(Status.DOWN),

    /** The component is out of service; meant for a readiness group, so traffic moves elsewhere. */
    OUT_OF_SERVICE(Status.OUT_OF_SERVICE),

    /** The state is reported as unknown, which the default aggregation ranks below UP. */
    UNKNOWN(Status.UNKNOWN);

    private final Status status;

    OpenCircuitStatus(Status status) {
        this.status = status;
    }

    /**
     * Returns the actuator status.
     *
     * @return one of Boot's standard statuses
     */
    public Status status() {
        return status;
    }
}
