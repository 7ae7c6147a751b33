package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.events.TownLevel;
import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import java.math.BigDecimal;
import java.time.Instant;

/** Snapshots and towns for the sink's tests. */
final class Snapshots {
    static final Instant AS_OF = Instant.parse("2020-12-30T02:00:00Z");

    private Snapshots() {}

    static IndicatorSnapshot count(String scope, String period, String indicator, long value) {
        return new IndicatorSnapshot(scope, period, indicator, BigDecimal.valueOf(value).setScale(2), null, (double) value, AS_OF);
    }

    static IndicatorSnapshot rate(String scope, String period, String indicator, long numerator, long denominator) {
        return new IndicatorSnapshot(scope, period, indicator, BigDecimal.valueOf(numerator).setScale(2),
                BigDecimal.valueOf(denominator).setScale(2), denominator == 0 ? null : (double) numerator / denominator, AS_OF);
    }

    static SinkBatch.Entry entry(IndicatorSnapshot snapshot, long offset, Instant publishedAt) {
        return new SinkBatch.Entry(snapshot, 0, offset, publishedAt);
    }

    static TownRegistered town(String code, String name, String district, String city) {
        return new TownRegistered("town-" + code, code, AS_OF, null, name, district, city, TownLevel.TOWN, 30, 31);
    }
}
