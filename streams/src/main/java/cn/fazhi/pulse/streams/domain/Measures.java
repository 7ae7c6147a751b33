package cn.fazhi.pulse.streams.domain;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Additive figures of one bucket: counts, and amounts in hundredths (fen, hundredths of an hour or
 * of a point), so sums stay exact. Every indicator is one of these or a ratio of two, which is why
 * a quarter, a year, a district or a city is a plain sum. Immutable.
 *
 * <p>Held sparsely, as the non-zero measures' {@link MeasureCodes} in ascending order beside their
 * values (an entity or a change has a handful of the catalog's hundred measures; sums are merges
 * of two short sorted arrays: this is the topology's hot path), with names the catalog does not
 * know kept aside by name.
 */
public final class Measures {
    private static final int[] NO_CODES = {};
    private static final long[] NO_VALUES = {};
    public static final Measures NONE = new Measures(NO_CODES, NO_VALUES, Map.of());

    /** Ascending codes of the non-zero measures, and their values at the same index. */
    private final int[] codes;
    private final long[] values;
    private final Map<String, Long> unknown;

    private Measures(int[] codes, long[] values, Map<String, Long> unknown) {
        this.codes = codes;
        this.values = values;
        this.unknown = unknown;
    }

    public static Measures of(Map<String, Long> named) {
        Builder builder = builder();
        named.forEach(builder::add);
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public long get(String measure) {
        int code = MeasureCodes.code(measure);
        if (code == 0) {
            return unknown.getOrDefault(measure, 0L);
        }
        int at = Arrays.binarySearch(codes, code);
        return at < 0 ? 0 : values[at];
    }

    /** The non-zero measures by name, in name order. */
    public Map<String, Long> asMap() {
        TreeMap<String, Long> map = new TreeMap<>(unknown);
        for (int i = 0; i < codes.length; i++) {
            map.put(MeasureCodes.name(codes[i]), values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Visits the non-zero measures: by code (0 for a name the catalog does not know). */
    public void forEach(Visitor visitor) {
        for (int i = 0; i < codes.length; i++) {
            visitor.visit(codes[i], MeasureCodes.name(codes[i]), values[i]);
        }
        unknown.forEach((name, value) -> visitor.visit(0, name, value));
    }

    /** How many measures are non-zero. */
    public int size() {
        return codes.length + unknown.size();
    }

    /** The domains with any figure: measures are named after their family (mediation.*, coverage.*, ...). */
    public Set<String> families() {
        Set<String> families = new HashSet<>();
        for (int code : codes) {
            families.add(MeasureCodes.family(code));
        }
        unknown.keySet().forEach(name -> families.add(name.substring(0, name.indexOf('.'))));
        return families;
    }

    public boolean isEmpty() {
        return codes.length == 0 && unknown.isEmpty();
    }

    public Measures plus(Measures other) {
        return combine(other, 1);
    }

    public Measures minus(Measures other) {
        return combine(other, -1);
    }

    private Measures combine(Measures other, int sign) {
        if (other.isEmpty()) {
            return this;
        }
        int[] mergedCodes = new int[codes.length + other.codes.length];
        long[] mergedValues = new long[mergedCodes.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < codes.length || j < other.codes.length) {
            int code;
            long value;
            if (j == other.codes.length || (i < codes.length && codes[i] < other.codes[j])) {
                code = codes[i];
                value = values[i++];
            } else if (i == codes.length || other.codes[j] < codes[i]) {
                code = other.codes[j];
                value = sign * other.values[j++];
            } else {
                code = codes[i];
                value = values[i++] + sign * other.values[j++];
            }
            if (value != 0) {
                mergedCodes[n] = code;
                mergedValues[n++] = value;
            }
        }
        Map<String, Long> unknownResult = unknown;
        if (!other.unknown.isEmpty()) {
            TreeMap<String, Long> merged = new TreeMap<>(unknown);
            other.unknown.forEach((name, value) -> {
                long combined = merged.getOrDefault(name, 0L) + sign * value;
                if (combined == 0) {
                    merged.remove(name);
                } else {
                    merged.put(name, combined);
                }
            });
            unknownResult = merged.isEmpty() ? Map.of() : Collections.unmodifiableMap(merged);
        }
        return new Measures(Arrays.copyOf(mergedCodes, n), Arrays.copyOf(mergedValues, n), unknownResult);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Measures m && Arrays.equals(m.codes, codes) && Arrays.equals(m.values, values) && m.unknown.equals(unknown);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(codes) + Arrays.hashCode(values)) + unknown.hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** Receives one non-zero measure. */
    public interface Visitor {
        void visit(int code, String name, long value);
    }

    /** Collects figures of one entity or event: a few measures, kept in arrival order until built. */
    public static final class Builder {
        private int[] codes = new int[8];
        private long[] values = new long[8];
        private int size;
        private TreeMap<String, Long> unknown;

        public Builder add(String measure, long amount) {
            int code = MeasureCodes.code(measure);
            if (code != 0) {
                return addCode(code, amount);
            }
            if (unknown == null) {
                unknown = new TreeMap<>();
            }
            unknown.merge(measure, amount, Long::sum);
            return this;
        }

        public Builder add(int code, String name, long amount) {
            return code == 0 ? add(name, amount) : addCode(code, amount);
        }

        private Builder addCode(int code, long amount) {
            for (int i = 0; i < size; i++) {
                if (codes[i] == code) {
                    values[i] += amount;
                    return this;
                }
            }
            if (size == codes.length) {
                codes = Arrays.copyOf(codes, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            codes[size] = code;
            values[size++] = amount;
            return this;
        }

        public Builder count(String measure) {
            return add(measure, 1);
        }

        public Builder countIf(boolean condition, String measure) {
            return condition ? count(measure) : this;
        }

        public Measures build() {
            // Insertion sort by code: a builder holds a handful of measures.
            int[] sortedCodes = new int[size];
            long[] sortedValues = new long[size];
            int n = 0;
            for (int i = 0; i < size; i++) {
                if (values[i] == 0) {
                    continue;
                }
                int at = n++;
                while (at > 0 && sortedCodes[at - 1] > codes[i]) {
                    sortedCodes[at] = sortedCodes[at - 1];
                    sortedValues[at] = sortedValues[at - 1];
                    at--;
                }
                sortedCodes[at] = codes[i];
                sortedValues[at] = values[i];
            }
            Map<String, Long> named = Map.of();
            if (unknown != null) {
                TreeMap<String, Long> nonZero = new TreeMap<>(unknown);
                nonZero.values().removeIf(v -> v == 0);
                named = nonZero.isEmpty() ? Map.of() : Collections.unmodifiableMap(nonZero);
            }
            return new Measures(Arrays.copyOf(sortedCodes, n), Arrays.copyOf(sortedValues, n), named);
        }
    }
}
