package cn.fazhi.pulse.schemas;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;

/**
 * The key of a snapshot on {@link Topics#INDICATORS}: {@code scope|period|indicator}, one per
 * figure, so that compaction keeps the latest snapshot of each. Written here once, for the
 * topology that publishes snapshots and for every reader that takes a key apart.
 *
 * @param scope a 12-digit town, district or city code
 * @param period {@code yyyy}, {@code yyyy-Qn} or {@code yyyy-MM}
 * @param indicator an indicator id of the catalog
 */
public record SnapshotKey(String scope, String period, String indicator) {
    private static final char SEPARATOR = '|';

    public SnapshotKey {
        requirePart("scope", scope);
        requirePart("period", period);
        requirePart("indicator", indicator);
    }

    /** The key a snapshot is published under. */
    public static SnapshotKey of(IndicatorSnapshot snapshot) {
        return new SnapshotKey(snapshot.getScopeCode(), snapshot.getPeriod(), snapshot.getIndicator());
    }

    /**
     * Reads a key as {@link #toString()} writes it.
     *
     * @throws IllegalArgumentException if it does not have three non-empty parts
     */
    public static SnapshotKey of(String key) {
        if (key == null) {
            throw new IllegalArgumentException("a snapshot key is scope|period|indicator, not null");
        }
        int first = key.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : key.indexOf(SEPARATOR, first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("a snapshot key is scope|period|indicator: " + key);
        }
        return new SnapshotKey(key.substring(0, first), key.substring(first + 1, second), key.substring(second + 1));
    }

    /** {@code scope|period|indicator}: the record key on the topic. */
    @Override
    public String toString() {
        return scope + SEPARATOR + period + SEPARATOR + indicator;
    }

    private static void requirePart(String name, String value) {
        if (value == null || value.isEmpty() || value.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a snapshot key's " + name + " must be non-empty and without '|': " + value);
        }
    }
}
