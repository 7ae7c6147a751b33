package cn.fazhi.pulse.store.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Bearer tokens, session ids and CSRF tokens: 32 random bytes from {@link SecureRandom}, and
 * their SHA-256, the only form stored. A hash suffices here (unlike passwords): 256 random bits
 * cannot be guessed, so there is nothing for a slow hash to protect.
 */
public final class SecretTokens {
    /** The prefix says what the string is, e.g. to secret scanners. */
    public static final String API_PREFIX = "fzt_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretTokens() {}

    public static String generate(String prefix) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether a presented token is the one whose hash is stored, in time independent of where they differ. */
    public static boolean matches(byte[] storedHash, String presented) {
        return presented != null && storedHash != null && MessageDigest.isEqual(storedHash, hash(presented));
    }
}
