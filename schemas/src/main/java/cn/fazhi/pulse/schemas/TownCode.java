package cn.fazhi.pulse.schemas;

import java.util.regex.Pattern;

/**
 * A 12-digit statistical division code (统计用区划代码) of a town, or of the district or city
 * above it: the one place that knows what such a code looks like.
 */
public record TownCode(String value) {
    private static final Pattern TWELVE_DIGITS = Pattern.compile("\\d{12}");

    public TownCode {
        if (!isValid(value)) {
            throw new IllegalArgumentException("区划代码须为12位数字 / a division code has 12 digits: " + value);
        }
    }

    /** True for a string of exactly twelve ASCII digits. */
    public static boolean isValid(String code) {
        return code != null && TWELVE_DIGITS.matcher(code).matches();
    }

    /** The code, or null when the string is not one (for input that may carry anything). */
    public static TownCode orNull(String code) {
        return isValid(code) ? new TownCode(code) : null;
    }

    public TownCode district() {
        return new TownCode(Scopes.districtOf(value));
    }

    public TownCode city() {
        return new TownCode(Scopes.cityOf(value));
    }

    @Override
    public String toString() {
        return value;
    }
}
