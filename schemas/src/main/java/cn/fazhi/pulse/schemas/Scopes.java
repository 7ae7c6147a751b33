package cn.fazhi.pulse.schemas;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The 12-digit division hierarchy: a district (county) is the town code's first 6 digits padded
 * with zeros, a city (prefecture) its first 4.
 */
public final class Scopes {
    private Scopes() {}

    public static String districtOf(String townCode) {
        return townCode.substring(0, 6) + "000000";
    }

    public static String cityOf(String townCode) {
        return townCode.substring(0, 4) + "00000000";
    }

    /** Where rejected records whose town cannot be read are counted. */
    public static final String UNKNOWN = "000000000000";

    /** The town, its district and its city (once each, so the unknown scope is not counted thrice). */
    public static List<String> containing(String townCode) {
        return List.copyOf(new LinkedHashSet<>(List.of(townCode, districtOf(townCode), cityOf(townCode))));
    }
}
