package io.purgatory.autoconfigure;

import io.purgatory.autoconfigure.InvalidPurgatoryPropertiesException.Violation;
import java.util.List;

/**
 * Hears how each refresh of {@code purgatory.*} by {@link PurgatoryConfigurationRefresher} ended:
 * declare beans of this type (the Micrometer auto-configuration adds one that counts refused refreshes).
 * Called on the thread that refreshes, one refresh at a time; implementations must be thread-safe and
 * quick, and what they throw is logged, never stops the refresh.
 */
public interface ConfigurationRefreshListener {

    /**
     * The new configuration was applied.
     *
     * @param changed the breakers whose settings changed, sorted by name
     * @param created the breakers that the new configuration named for the first time, created now
     */
    default void applied(List<String> changed, List<String> created) {
    }

    /**
     * The new configuration was refused as a whole; every breaker keeps the settings it had.
     *
     * @param violations every invalid key with its value, as start-up validation reports them
     */
    default void refused(List<Violation> violations) {
    }
}
