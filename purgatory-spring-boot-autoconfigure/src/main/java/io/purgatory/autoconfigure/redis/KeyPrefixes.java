package io.purgatory.autoconfigure.redis;

/**
 * Chooses the Redis store's key prefix: the configured one, else one that names the application, so
 * that two services on one Redis do not share a circuit because both call it {@code db}. Stateless.
 */
final class KeyPrefixes {

    /** The prefix of an application without a name (and of every application, before the name was added). */
    static final String BARE = "purgatory";

    private KeyPrefixes() {
    }

    /**
     * Returns the key prefix to use.
     *
     * @param configured {@code purgatory.store.redis.key-prefix}, or null when not set
     * @param applicationName {@code spring.application.name}, or null
     * @return the configured prefix as given (validated later), else {@code purgatory:<application name>}
     *     with braces and whitespace replaced by {@code -}, else {@link #BARE}
     */
    static String resolve(String configured, String applicationName) {
        if (configured != null) {
            return configured;
        }
        if (applicationName == null || applicationName.isBlank()) {
            return BARE;
        }
        StringBuilder prefix = new StringBuilder(BARE).append(':');
        applicationName.strip().codePoints()
                .map(c -> c == '{' || c == '}' || Character.isWhitespace(c) || Character.isISOControl(c) ? '-' : c)
                .forEach(prefix::appendCodePoint);
        return prefix.toString();
    }

    /**
     * Whether a store with these settings shares its keys with every other unnamed application on the same Redis.
     *
     * @param configured {@code purgatory.store.redis.key-prefix}, or null when not set
     * @param resolved the prefix in use
     * @return {@code true} for the bare default nobody chose
     */
    static boolean isUnchosenBareDefault(String configured, String resolved) {
        return configured == null && BARE.equals(resolved);
    }
}
