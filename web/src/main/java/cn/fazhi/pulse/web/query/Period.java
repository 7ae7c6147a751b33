package cn.fazhi.pulse.web.query;

import cn.fazhi.pulse.web.WebException;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A period of the query API: one the pipeline stores ({@code 2023}, {@code 2023-Q1},
 * {@code 2023-03}) or a window of months summed on reading ({@code last-12-months}, ending with
 * the given month, and {@code 2023-01..2023-06}, for "the same months of last year").
 */
public sealed interface Period {
    Pattern YEAR = Pattern.compile("(\\d{4})");
    Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    Pattern RANGE = Pattern.compile("(\\d{4}-\\d{2})\\.\\.(\\d{4}-\\d{2})");
    String LAST_12_MONTHS = "last-12-months";
    /** Longest window summed on request: ten years. */
    int MAX_WINDOW_MONTHS = 120;

    /** A period as stored: the snapshot's own {@code period}. */
    record Stored(String period) implements Period {}

    /** Months summed: the numerators and denominators of each month in {@code first..last}. */
    record Window(YearMonth first, YearMonth last) implements Period {}

    /**
     * @param text the {@code period} parameter
     * @param lastMonth where {@code last-12-months} ends: the {@code to} parameter or the current month
     */
    static Period parse(String text, YearMonth lastMonth) {
        if (text == null || text.isBlank()) {
            throw new WebException.BadRequest("缺少参数 period（如 2023、2023-Q1、2023-03、last-12-months）",
                    "missing parameter period (e.g. 2023, 2023-Q1, 2023-03, last-12-months)");
        }
        if (text.equals(LAST_12_MONTHS)) {
            return new Window(lastMonth.minusMonths(11), lastMonth);
        }
        if (YEAR.matcher(text).matches() || QUARTER.matcher(text).matches()) {
            return new Stored(text);
        }
        if (MONTH.matcher(text).matches()) {
            return new Stored(month(text, "period").toString());
        }
        Matcher range = RANGE.matcher(text);
        if (range.matches()) {
            YearMonth first = month(range.group(1), "period");
            YearMonth last = month(range.group(2), "period");
            if (first.isAfter(last) || first.plusMonths(MAX_WINDOW_MONTHS).isBefore(last.plusMonths(1))) {
                throw new WebException.BadRequest("period 的月份区间须由早到晚且不超过 " + MAX_WINDOW_MONTHS + " 个月：" + text,
                        "period: a month range must run forwards and span at most " + MAX_WINDOW_MONTHS + " months: " + text);
            }
            return new Window(first, last);
        }
        throw new WebException.BadRequest("period 无法识别：" + text + "（可用 2023、2023-Q1、2023-03、last-12-months、2023-01..2023-06）",
                "period not understood: " + text + " (use 2023, 2023-Q1, 2023-03, last-12-months, 2023-01..2023-06)");
    }

    /** A {@code yyyy-MM} parameter, or 400 naming it. */
    static YearMonth month(String text, String parameter) {
        if (text == null || !MONTH.matcher(text).matches()) {
            throw new WebException.BadRequest(parameter + " 须为 yyyy-MM 格式的月份：" + text, parameter + " must be a month as yyyy-MM: " + text);
        }
        try {
            return YearMonth.parse(text);
        } catch (DateTimeException e) {
            throw new WebException.BadRequest(parameter + " 不是有效的月份：" + text, parameter + " is not a valid month: " + text);
        }
    }
}
