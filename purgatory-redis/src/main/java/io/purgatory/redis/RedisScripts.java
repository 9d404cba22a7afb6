package io.purgatory.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts that change a circuit in Redis, loaded from resources with their SHA-1 digests.
 * Immutable enum constants; thread-safe.
 *
 * <p>Each script is the shared {@code prelude.lua} followed by the operation's own file; it touches
 * only the keys of one circuit, passed in KEYS, and reads time with {@code TIME}.
 */
enum RedisScripts {

    /** Reads the circuit, writes nothing. */
    SNAPSHOT("snapshot"),
    /** Moves an expired OPEN to HALF_OPEN and grants a trial lease while fewer than half-open-calls are live. */
    ACQUIRE_TRIAL("acquire_trial"),
    /** Records a trial outcome for the current round and a live lease only. */
    RECORD_TRIAL("record_trial"),
    /** Extends a live lease of the current round while its trial call runs. */
    RENEW_TRIAL("renew_trial"),
    /** Forces a state, optionally fenced by the expected version. */
    TRANSITION("transition"),
    /**
     * Adds one instance's consecutive-failure tally and window counts, once per sequence number, and trips on
     * the threshold or a rate; with sequence 0, reads.
     */
    FLUSH("flush");

    private final String source;
    private final String sha;

    RedisScripts(String file) {
        this.source = read("prelude") + "\n" + read(file);
        this.sha = sha1(source);
    }

    /**
     * Returns the script text sent with EVAL when Redis does not know the digest.
     *
     * @return the Lua source
     */
    String source() {
        return source;
    }

    /**
     * Returns the digest sent with EVALSHA.
     *
     * @return the lower-case hex SHA-1 of {@link #source()}
     */
    String sha() {
        return sha;
    }

    private static String read(String name) {
        String path = name + ".lua";
        try (InputStream in = RedisScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing script resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", ex);
        }
    }
}
