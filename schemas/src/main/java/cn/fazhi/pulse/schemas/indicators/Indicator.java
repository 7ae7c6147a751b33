package cn.fazhi.pulse.schemas.indicators;

/**
 * One indicator of the catalog: a measure, or the ratio of two.
 *
 * @param id stable id used by the database, dashboards and report, e.g. {@code mediation.success_rate}
 * @param nameZh the Chinese name a report prints, e.g. 调解成功率
 * @param numerator the measure counted or summed
 * @param denominator for a rate or an average, the measure divided by; null for counts and amounts
 * @param unit what the value is in: 件, 次, 元, 小时, 分, 人次, 份, 天, or % for rates
 * @param amount true when the measures are held in hundredths (yuan, hours, points)
 * @param breakdown true for the per-type breakdowns, which are published only where non-zero
 * @param attribution cohort, flow, or a state whose changes are published (indicators.md)
 * @param family the domain whose figures make it appear in a scope-period: mediation, petition, ...
 */
public record Indicator(String id, String nameZh, String numerator, String denominator, String unit,
                        boolean amount, boolean breakdown, Attribution attribution, String family) {

    public enum Attribution {
        COHORT,
        FLOW,
        /**
         * A state at period end (village advisor coverage): the snapshot of a period carries the
         * net change during it, so its value is null; the state is the sum of the changes up to
         * the period's end.
         */
        STATE_CHANGE
    }

    public boolean isRate() {
        return "%".equals(unit);
    }

    public boolean hasDenominator() {
        return denominator != null;
    }

    public boolean isStateChange() {
        return attribution == Attribution.STATE_CHANGE;
    }
}
