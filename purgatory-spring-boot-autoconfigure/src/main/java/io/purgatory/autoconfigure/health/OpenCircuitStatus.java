package io.purgatory.autoconfigure.health;

/**
 * The standard health status reported for a circuit that rejects calls. Immutable; thread-safe.
 */
public enum OpenCircuitStatus {

    /** The application stays up: an open circuit is the application protecting itself. */
    UP("UP"),

    /** The component is down; with the default aggregation the whole application reports DOWN. */
    DOWN("DOWN"),

    /** The component is out of service; meant for a readiness group, so traffic moves elsewhere. */
    OUT_OF_SERVICE("OUT_OF_SERVICE"),

    /** The state is reported as unknown, which the default aggregation ranks below UP. */
    UNKNOWN("UNKNOWN");

    private final String code;

    OpenCircuitStatus(String code) {
        this.code = code;
    }

    /**
     * Returns the code of the actuator status, the same on every Boot line.
     *
     * @return one of Boot's standard status codes
     */
    public String code() {
        return code;
    }
}
