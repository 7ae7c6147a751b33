package cn.fazhi.pulse.store.access;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Password hashes: bcrypt (BouncyCastle's OpenBSDBCrypt, {@code $2y$}), a random 16-byte salt per
 * hash, and the library's own constant-time check.
 */
public final class Passwords {
    /** 2^12 rounds: about a quarter of a second per sign-in on a 2-core machine. */
    static final int COST = 12;
    public static final int MIN_LENGTH = 10;
    /** bcrypt reads at most 72 bytes; a longer password would be cut silently. */
    public static final int MAX_BYTES = 72;
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Checked against when the account does not exist, so that an unknown name takes as long as a wrong password. */
    private static final String DUMMY = hash("not-a-password-of-anyone".toCharArray());

    private Passwords() {}

    public static String hash(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password, salt, COST);
    }

    public static boolean matches(String hash, char[] password) {
        if (password.length == 0 || new String(password).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        if (hash == null) {
            OpenBSDBCrypt.checkPassword(DUMMY, password);
            return false;
        }
        return OpenBSDBCrypt.checkPassword(hash, password);
    }

    /** Spends the time of one check, for a name that has no password. */
    static void spendOneCheck(char[] password) {
        OpenBSDBCrypt.checkPassword(DUMMY, password.length == 0 ? new char[] {'x'} : password);
    }

    /** A new password of 16 letters and digits (about 93 bits), without look-alikes such as l/1 and O/0. */
    public static char[] generate() {
        char[] password = new char[16];
        for (int i = 0; i < password.length; i++) {
            password[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return password;
    }

    /** Refuses a password too short to resist guessing, or too long for bcrypt. */
    public static void requireAcceptable(char[] password) {
        if (password.length < MIN_LENGTH) {
            throw new AccessException("密码至少 " + MIN_LENGTH + " 个字符", "a password has at least " + MIN_LENGTH + " characters");
        }
        if (new String(password).getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new AccessException("密码最多 " + MAX_BYTES + " 字节", "a password has at most " + MAX_BYTES + " bytes");
        }
    }
}
