package cn.fazhi.pulse.report.phrasing;

import cn.fazhi.pulse.schemas.indicators.Indicator;
import cn.fazhi.pulse.store.StoredSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** How figures are written in a report: 139, 11850, 90.5, 100%, 98.6%. */
public final class Numbers {
    private static final DateTimeFormatter CHINESE_DATE = DateTimeFormatter.ofPattern("uuuu年M月d日");
    private static final DateTimeFormatter CHINESE_TIME = DateTimeFormatter.ofPattern("uuuu年M月d日 HH:mm");

    private Numbers() {}

    /** A stored figure as the report prints it; null for a rate with no denominator. */
    public static String format(Indicator indicator, StoredSnapshot snapshot) {
        if (indicator.isRate()) {
            return snapshot.value() == null ? null : percent(snapshot.value());
        }
        if (indicator.hasDenominator()) { // an average
            return snapshot.value() == null ? null : plain(BigDecimal.valueOf(snapshot.value()).setScale(1, RoundingMode.HALF_UP));
        }
        return plain(snapshot.numerator());
    }

    /** 100% when whole, one decimal otherwise. */
    public static String percent(double fraction) {
        BigDecimal percent = BigDecimal.valueOf(fraction * 100).setScale(1, RoundingMode.HALF_UP);
        return plain(percent) + "%";
    }

    public static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    public static String chineseDate(java.time.LocalDate date) {
        return CHINESE_DATE.format(date);
    }

    public static String chineseTime(Instant instant) {
        return CHINESE_TIME.format(instant.atZone(cn.fazhi.pulse.schemas.ChinaTime.ZONE));
    }
}
