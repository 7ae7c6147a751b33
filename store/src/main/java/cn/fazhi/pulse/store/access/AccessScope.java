package cn.fazhi.pulse.store.access;

import java.util.regex.Pattern;

/**
 * The 12-digit division code an account is bound to, and the containment rule of the hierarchy:
 * a town is inside its district (the code's first 6 digits, padded with zeros), which is inside
 * its city (the first 4), which is inside {@code 000000000000}, everything. Plain Java: the same
 * rule decides the CLI's checks and every HTTP request.
 */
public record AccessScope(String code) {
    /** The store sees no schemas module (it stays free of Kafka); TownCode holds the same 12-digit rule. */
    private static final Pattern TWELVE_DIGITS = Pattern.compile("\\d{12}");
    public static final AccessScope EVERYTHING = new AccessScope("000000000000");

    public enum Level { EVERYTHING, CITY, DISTRICT, TOWN }

    public AccessScope {
        if (code == null || !TWELVE_DIGITS.matcher(code).matches()) {
            throw new AccessException("范围须为 12 位区划代码：" + code, "a scope is a 12-digit division code: " + code);
        }
    }

    public Level level() {
        if (code.equals(EVERYTHING.code)) {
            return Level.EVERYTHING;
        }
        if (code.endsWith("00000000")) {
            return Level.CITY;
        }
        return code.endsWith("000000") ? Level.DISTRICT : Level.TOWN;
    }

    /** The digits every code inside this scope starts with. */
    private String prefix() {
        return switch (level()) {
            case EVERYTHING -> "";
            case CITY -> code.substring(0, 4);
            case DISTRICT -> code.substring(0, 6);
            case TOWN -> code;
        };
    }

    /** Whether a code (of a town, district or city) is this scope or below it; false for anything that is not a code. */
    public boolean contains(String other) {
        return other != null && TWELVE_DIGITS.matcher(other).matches() && other.startsWith(prefix());
    }

    @Override
    public String toString() {
        return code;
    }
}
