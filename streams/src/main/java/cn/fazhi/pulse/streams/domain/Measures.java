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
 * <p>Held as an array indexed by {@link MeasureCodes} (sums are loops, not map inserts: this is
 * the topology's hot path), with names the catalog does not know kept aside by name.
 */
public final class Measures {
    public static final Measures NONE = new Measures(new long[MeasureCodes.size() + 1], Map.of());

    /** values[code]; index 0 unused. */
    private final long[] values;
    private final Map<String, Long> unknown;

    private Measures(long[] values, Map<String, Long> unknown) {
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
        return code == 0 ? unknown.getOrDefault(measure, 0L) : values[code];
    }

    /** The non-zero measures by name, in name order. */
    public Map<String, Long> asMap() {
        TreeMap<String, Long> map = new TreeMap<>(unknown);
        for (int code = 1; code < values.length; code++) {
            if (values[code] != 0) {
                map.put(MeasureCodes.name(code), values[code]);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** Visits the non-zero measures: by code (0 for a name the catalog does not know). */
    public void forEach(Visitor visitor) {
        for (int code = 1; code < values.length; code++) {
            if (values[code] != 0) {
                visitor.visit(code, MeasureCodes.name(code), values[code]);
            }
        }
        unknown.forEach((name, value) -> visitor.visit(0, name, value));
    }

    /** The domains with any figure: measures are named after their family (mediation.*, coverage.*, ...). */
    public Set<String> families() {
        Set<String> families = new HashSet<>();
        for (int code = 1; code < values.length; code++) {
            if (values[code] != 0) {
                families.add(MeasureCodes.family(code));
            }
        }
        unknown.keySet().forEach(name -> families.add(name.substring(0, name.indexOf('.'))));
        return families;
    }

    public boolean isEmpty() {
        if (!unknown.isEmpty()) {
            return false;
        }
        for (int code = 1; code < values.length; code++) {
            if (values[code] != 0) {
                return false;
            }
        }
        return true;
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
        long[] result = values.clone();
        for (int code = 1; code < result.length; code++) {
            result[code] += sign * other.values[code];
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
            unknownResult = Collections.unmodifiableMap(merged);
        }
        return new Measures(result, unknownResult);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Measures m && Arrays.equals(m.values, values) && m.unknown.equals(unknown);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + unknown.hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** Receives one non-zero measure. */
    public interface Visitor {
        void visit(int code, String name, long value);
    }

    /** Collects figures of one entity or event. */
    public static final class Builder {
        private final long[] values = new long[MeasureCodes.size() + 1];
        private final TreeMap<String, Long> unknown = new TreeMap<>();

        public Builder add(String measure, long amount) {
            int code = MeasureCodes.code(measure);
            if (code == 0) {
                unknown.merge(measure, amount, Long::sum);
            } else {
                values[code] += amount;
            }
            return this;
        }

        public Builder add(int code, String name, long amount) {
            return code == 0 ? add(name, amount) : addCode(code, amount);
        }

        private Builder addCode(int code, long amount) {
            values[code] += amount;
            return this;
        }

        public Builder count(String measure) {
            return add(measure, 1);
        }

        public Builder countIf(boolean condition, String measure) {
            return condition ? count(measure) : this;
        }

        public Measures build() {
            unknown.values().removeIf(v -> v == 0);
            return new Measures(values.clone(), unknown.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(unknown)));
        }
    }
}
