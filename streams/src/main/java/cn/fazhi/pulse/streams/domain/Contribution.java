package cn.fazhi.pulse.streams.domain;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one entity adds to the figures: measures per town-month. An entity's new contribution minus
 * its old one is the change to publish, which is how a conclusion arriving in March updates the
 * January cohort, and how a duplicate, a correction or a retraction changes exactly what it must.
 */
public final class Contribution {
    public static final Contribution NONE = new Contribution(Map.of());

    private final Map<Bucket, Measures> byBucket;

    private Contribution(Map<Bucket, Measures> byBucket) {
        this.byBucket = Collections.unmodifiableMap(byBucket);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Map<Bucket, Measures> byBucket() {
        return byBucket;
    }

    public Contribution plus(Contribution other) {
        Builder builder = new Builder();
        byBucket.forEach(builder::add);
        other.byBucket.forEach(builder::add);
        return builder.build();
    }

    /** Per bucket, this minus the other; buckets where nothing changed are left out. */
    public Map<Bucket, Measures> minus(Contribution before) {
        Set<Bucket> buckets = new HashSet<>(byBucket.keySet());
        buckets.addAll(before.byBucket.keySet());
        Map<Bucket, Measures> delta = new LinkedHashMap<>();
        for (Bucket bucket : buckets) {
            Measures change = byBucket.getOrDefault(bucket, Measures.NONE)
                    .minus(before.byBucket.getOrDefault(bucket, Measures.NONE));
            if (!change.isEmpty()) {
                delta.put(bucket, change);
            }
        }
        return delta;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Contribution c && c.byBucket.equals(byBucket);
    }

    @Override
    public int hashCode() {
        return byBucket.hashCode();
    }

    @Override
    public String toString() {
        return byBucket.toString();
    }

    public static final class Builder {
        private final Map<Bucket, Measures> byBucket = new LinkedHashMap<>();

        public Builder add(Bucket bucket, Measures measures) {
            if (!measures.isEmpty()) {
                byBucket.merge(bucket, measures, Measures::plus);
            }
            return this;
        }

        public Contribution build() {
            return new Contribution(byBucket);
        }
    }
}
