package io.purgatory;

/**
 * The one rule for circuit names, checked before a name becomes a map key, a meter tag or a Redis key:
 * not blank, at most {@value #MAX_LENGTH} characters, no control characters. Stateless; thread-safe.
 */
public final class CircuitNames {

    /** The longest accepted name, in characters. */
    public static final int MAX_LENGTH = 200;

    /** The rule in words, for error messages. */
    public static final String RULE = "1 to " + MAX_LENGTH + " characters, not blank, no control characters";

    private CircuitNames() {
    }

    /**
     * Whether a name follows the rule.
     *
     * @param name a candidate circuit name
     * @return {@code true} when it may name a circuit
     */
    public static boolean isValid(String name) {
        return name != null && !name.isBlank() && name.length() <= MAX_LENGTH
                && name.chars().noneMatch(Character::isISOControl);
    }

    /**
     * Returns the name when it follows the rule.
     *
     * @param name a candidate circuit name
     * @return the name
     * @throws IllegalArgumentException saying which part of the rule the name breaks
     */
    public static String requireValid(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("circuit name must not be blank, but was " + quoted(name));
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("circuit name must be at most " + MAX_LENGTH
                    + " characters, but was " + name.length() + " characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new IllegalArgumentException("circuit name must not contain control characters, but was "
                        + quoted(name.replaceAll("\\p{Cntrl}", "?")));
            }
        }
        return name;
    }

    /**
     * Checks that {@code group[key]} is a valid name without building it (a keyed circuit is created without
     * garbage), given a valid group name; an invalid one is refused with the message of {@link #requireValid}.
     */
    static void requireValidKeyed(String group, String key) {
        boolean valid = group.length() + key.length() + 2 <= MAX_LENGTH;
        for (int i = 0; valid && i < key.length(); i++) {
            valid = !Character.isISOControl(key.charAt(i));
        }
        if (!valid) {
            requireValid(CircuitBreakerGroup.circuitName(group, key));
        }
    }

    private static String quoted(String name) {
        return name == null ? "null" : "'" + name + "'";
    }
}
