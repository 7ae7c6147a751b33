package cn.fazhi.pulse.store;

import java.math.BigDecimal;
import java.time.Instant;

/** A snapshot as stored: what the report and the dashboard read. */
public record StoredSnapshot(String scopeCode, String period, String indicator, BigDecimal numerator,
                             BigDecimal denominator, Double value, Instant asOf, Instant updatedAt) {}
