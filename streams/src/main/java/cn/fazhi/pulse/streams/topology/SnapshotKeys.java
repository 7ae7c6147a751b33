package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;

/** The key of a snapshot on fazhi.indicators: {@code scope|period|indicator}, so compaction keeps the latest. */
public final class SnapshotKeys {
    private SnapshotKeys() {}

    public static String of(IndicatorSnapshot snapshot) {
        return snapshot.getScopeCode() + '|' + snapshot.getPeriod() + '|' + snapshot.getIndicator();
    }
}
