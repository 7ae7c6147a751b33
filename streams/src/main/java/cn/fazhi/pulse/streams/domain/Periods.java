package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.schemas.ChinaTime;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Calendar periods of China Standard Time. Months are the only bucket the pipeline aggregates;
 * a quarter or a year is the sum of its months. Written as {@code 2020-03}, {@code 2020-Q1},
 * {@code 2020}.
 */
public final class Periods {
    private Periods() {}

    public static YearMonth monthOf(Instant instant) {
        return YearMonth.from(instant.atZone(ChinaTime.ZONE));
    }

    /** Calendar days from one China date to another: received on the 1st, accepted on the 16th is 15 days. */
    public static long daysBetween(Instant from, Instant to) {
        return ChronoUnit.DAYS.between(from.atZone(ChinaTime.ZONE).toLocalDate(), to.atZone(ChinaTime.ZONE).toLocalDate());
    }

    public static int yearOf(Instant instant) {
        return instant.atZone(ChinaTime.ZONE).getYear();
    }

    public static String month(YearMonth month) {
        return month.toString();
    }

    public static String quarter(YearMonth month) {
        return month.getYear() + "-Q" + ((month.getMonthValue() - 1) / 3 + 1);
    }

    public static String year(YearMonth month) {
        return Integer.toString(month.getYear());
    }

    /** The month, its quarter and its year. */
    public static List<String> containing(YearMonth month) {
        return List.of(month(month), quarter(month), year(month));
    }
}
