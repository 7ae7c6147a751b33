package cn.fazhi.pulse.web.live;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import java.math.BigDecimal;
import java.time.Instant;

/** A snapshot as a browser receives it on {@code /api/stream}: the fields of the topic's record. */
public record LiveSnapshot(String scope, String period, String indicator, BigDecimal numerator, BigDecimal denominator,
                           Double value, Instant asOf) {

    static LiveSnapshot of(IndicatorSnapshot s) {
        return new LiveSnapshot(s.getScopeCode(), s.getPeriod(), s.getIndicator(), s.getNumerator(), s.getDenominator(),
                s.getValue(), s.getAsOf());
    }
}
