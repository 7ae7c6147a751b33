package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.indicators.Indicator;
import cn.fazhi.pulse.schemas.indicators.IndicatorCatalog;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Set;
import java.util.List;

/**
 * From a scope-period's measures to its indicator values, and which of them a change moved. An
 * indicator is present where its domain has any figure at all (so a town with mediations shows
 * 民转刑 0, and one without shows nothing); breakdowns by type only where non-zero.
 */
public final class IndicatorValues {
    private static final int SCALE = 2;

    private IndicatorValues() {}

    /** The value of one indicator: exact parts, and the quotient for display. */
    public record Value(BigDecimal numerator, BigDecimal denominator, Double value) {}

    /** Snapshots of the indicators whose value differs between two states of one scope-period. */
    public static List<IndicatorSnapshot> changed(ScopePeriod scopePeriod, Measures before, Measures after, Instant asOf) {
        List<IndicatorSnapshot> changed = new ArrayList<>();
        Set<String> familiesBefore = families(before);
        Set<String> familiesAfter = families(after);
        for (Indicator indicator : IndicatorCatalog.all()) {
            boolean wasPresent = isPresent(indicator, before, familiesBefore);
            boolean isPresent = isPresent(indicator, after, familiesAfter);
            if (!wasPresent && !isPresent) {
                continue;
            }
            Value old = valueOf(indicator, before);
            Value now = valueOf(indicator, after);
            if (wasPresent && isPresent && old.equals(now)) {
                continue;
            }
            changed.add(new IndicatorSnapshot(scopePeriod.scopeCode(), scopePeriod.period(), indicator.id(),
                    now.numerator(), now.denominator(), now.value(), asOf));
        }
        return changed;
    }

    public static boolean isPresent(Indicator indicator, Measures measures) {
        return isPresent(indicator, measures, families(measures));
    }

    private static boolean isPresent(Indicator indicator, Measures measures, Set<String> families) {
        if (indicator.breakdown()) {
            return measures.get(indicator.numerator()) != 0;
        }
        return families.contains(indicator.family());
    }

    private static Set<String> families(Measures measures) {
        return measures.families();
    }

    public static Value valueOf(Indicator indicator, Measures measures) {
        BigDecimal numerator = decimal(measures.get(indicator.numerator()), indicator.amount());
        if (!indicator.hasDenominator()) {
            return new Value(numerator, null, numerator.doubleValue());
        }
        BigDecimal denominator = decimal(measures.get(indicator.denominator()), false);
        boolean quotient = denominator.signum() != 0 && !indicator.isStateChange(); // a ratio of changes means nothing
        Double value = quotient ? numerator.divide(denominator, MathContext.DECIMAL64).doubleValue() : null;
        return new Value(numerator, denominator, value);
    }

    private static BigDecimal decimal(long measure, boolean inHundredths) {
        return inHundredths ? BigDecimal.valueOf(measure, SCALE) : BigDecimal.valueOf(measure).setScale(SCALE);
    }

}
