package io.purgatory.redis;

import io.purgatory.CircuitNames;

/**
 * The Redis keys of one circuit, all in one cluster hash slot. Immutable; thread-safe.
 *
 * <p>Keys are {@code <prefix>:{<name>}:s} (state hash), {@code <prefix>:{<name>}:p} (trial
 * leases) and {@code <prefix>:{<name>}:w} (the shared sliding window of a rate condition). Because
 * the prefix has no braces, the tag is always the first {@code {...}} pair, so all keys hash the same way. Inside the name, {@code %}, <code>{</code> and <code>}</code> are
 * percent-encoded: a name starting with <code>}</code> would otherwise give an empty tag, which Redis
 * ignores, and the two keys could land in different slots.
 *
 * @param state the state hash
 * @param leases the sorted set of trial leases
 * @param window the hash of the shared sliding window's slots and of each instance's last flush
 * @param tag the hash tag, braces included
 */
record CircuitKeys(String state, String leases, String window, String tag) {

    /**
     * Validates a circuit name and builds its keys.
     *
     * @param prefix the store's key prefix (already validated)
     * @param circuitName the circuit name
     * @return the keys
     * @throws IllegalArgumentException for a blank or too long name, or one with control characters
     */
    static CircuitKeys of(String prefix, String circuitName) {
        String tag = "{" + encode(CircuitNames.requireValid(circuitName)) + "}";
        String base = prefix + ":" + tag + ":";
        return new CircuitKeys(base + "s", base + "p", base + "w", tag);
    }

    /**
     * Returns the keys in the order every script expects them in KEYS.
     *
     * @return state, leases, window
     */
    String[] asArray() {
        return new String[] {state, leases, window};
    }

    private static String encode(String name) {
        if (name.indexOf('%') < 0 && name.indexOf('{') < 0 && name.indexOf('}') < 0) {
            return name;
        }
        return name.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
    }
}
