package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.schemas.indicators.IndicatorCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Every measure, numbered 1..n by its line in {@code measure-codes.txt}: measures are held in
 * arrays by this number, and the internal serde writes the number instead of the name. The file
 * is append-only, so a code means the same measure in every release and stored state stays
 * readable; a test fails when the catalog has a measure the file lacks.
 */
public final class MeasureCodes {
    private static final List<String> NAMES = load();
    private static final Map<String, Integer> CODES = new HashMap<>();
    private static final String[] FAMILIES = new String[NAMES.size() + 1];

    static {
        for (int i = 0; i < NAMES.size(); i++) {
            CODES.put(NAMES.get(i), i + 1);
            FAMILIES[i + 1] = NAMES.get(i).substring(0, NAMES.get(i).indexOf('.'));
        }
    }

    private MeasureCodes() {}

    private static List<String> load() {
        try (InputStream in = MeasureCodes.class.getResourceAsStream("/cn/fazhi/pulse/streams/measure-codes.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read measure-codes.txt", e);
        }
    }

    /** Every measure name the catalog uses, for the test that keeps the file complete. */
    public static List<String> catalogMeasures() {
        return IndicatorCatalog.all().stream()
                .flatMap(i -> Stream.of(i.numerator(), i.denominator()))
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }

    public static List<String> names() {
        return NAMES;
    }

    public static int size() {
        return NAMES.size();
    }

    /** The code of a measure, or 0 for a name the catalog does not know. */
    public static int code(String name) {
        Integer code = CODES.get(name);
        return code == null ? 0 : code;
    }

    public static String name(int code) {
        return NAMES.get(code - 1);
    }

    /** The family of a measure by code: mediation, petition, coverage, ... */
    public static String family(int code) {
        return FAMILIES[code];
    }
}
