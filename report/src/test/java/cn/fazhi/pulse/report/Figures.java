package cn.fazhi.pulse.report;

import cn.fazhi.pulse.store.StoredSnapshot;
import java.math.BigDecimal;
import java.time.Instant;

/** Stored snapshots written by hand, for tests that need figures the seed towns do not have. */
final class Figures {
    static final Instant AS_OF = Instant.parse("2023-12-30T02:00:00Z");

    private Figures() {}

    static StoredSnapshot count(String scope, String period, String indicator, long value) {
        return new StoredSnapshot(scope, period, indicator, BigDecimal.valueOf(value), null, (double) value, AS_OF, AS_OF);
    }

    static StoredSnapshot rate(String scope, String period, String indicator, long numerator, long denominator) {
        return new StoredSnapshot(scope, period, indicator, BigDecimal.valueOf(numerator), BigDecimal.valueOf(denominator),
                denominator == 0 ? null : (double) numerator / denominator, AS_OF, AS_OF);
    }
}
