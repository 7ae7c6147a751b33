package cn.fazhi.pulse.streams.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongBinaryOperator;

/**
 * Additive figures of one bucket: counts, and amounts in hundredths (fen, hundredths of an hour or
 * of a point), so sums stay exact. Every indicator is one of these or a ratio of two, which is why
 * a quarter, a year, a district or a city is a plain sum. Immutable; zero entries are dropped.
 */
public final class Measures {
    public static final Measures NONE = new Measures(new TreeMap<>());

    private final Map<String, Long> values;

    private Measures(TreeMap<String, Long> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Measures of(Map<String, Long> values) {
        TreeMap<String, Long> copy = new TreeMap<>();
        values.forEach((k, v) -> {
            if (v != 0) {
                copy.put(k, v);
            }
        });
        return new Measures(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    public long get(String measure) {
        return values.getOrDefault(measure, 0L);
    }

    public Map<String, Long> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Measures plus(Measures other) {
        return combine(other, Long::sum);
    }

    public Measures minus(Measures other) {
        return combine(other, (a, b) -> a - b);
    }

    private Measures combine(Measures other, LongBinaryOperator op) {
        if (other.isEmpty()) {
            return this;
        }
        TreeMap<String, Long> result = new TreeMap<>(values);
        other.values.forEach((k, v) -> {
            long combined = op.applyAsLong(result.getOrDefault(k, 0L), v);
            if (combined == 0) {
                result.remove(k);
            } else {
                result.put(k, combined);
            }
        });
        return new Measures(result);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Measures m && m.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Collects figures of one entity or event. */
    public static final class Builder {
        private final TreeMap<String, Long> values = new TreeMap<>();

        public Builder add(String measure, long amount) {
            values.merge(measure, amount, Long::sum);
            return this;
        }

        public Builder count(String measure) {
            return add(measure, 1);
        }

        public Builder countIf(boolean condition, String measure) {
            return condition ? count(measure) : this;
        }

        public Measures build() {
            return of(values);
        }
    }
}
