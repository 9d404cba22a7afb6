package io.purgatory;

/** Checks circuit names before they become map keys, meter tags and Redis keys. Stateless. */
final class CircuitNames {

    /** The longest accepted name, in characters. */
    static final int MAX_LENGTH = 200;

    private CircuitNames() {
    }

    static String requireValid(String name) {
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

    private static String quoted(String name) {
        return name == null ? "null" : "'" + name + "'";
    }
}
