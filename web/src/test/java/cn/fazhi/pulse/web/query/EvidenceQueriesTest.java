package cn.fazhi.pulse.web.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class EvidenceQueriesTest {
    private static final YearMonth NOW = YearMonth.of(2024, 5);

    @Test
    void shouldListTheTwelveMonthsWhenThePeriodIsAYear() {
        assertThat(EvidenceQueries.months(Period.parse("2023", NOW))).containsExactly(YearMonth.of(2023, 1), YearMonth.of(2023, 12));
    }

    @Test
    void shouldListTheQuartersThreeMonthsWhenThePeriodIsAQuarter() {
        assertThat(EvidenceQueries.months(Period.parse("2023-Q2", NOW))).containsExactly(YearMonth.of(2023, 4), YearMonth.of(2023, 6));
        assertThat(EvidenceQueries.months(Period.parse("2023-Q4", NOW))).containsExactly(YearMonth.of(2023, 10), YearMonth.of(2023, 12));
    }

    @Test
    void shouldListTheMonthAloneWhenThePeriodIsAMonth() {
        assertThat(EvidenceQueries.months(Period.parse("2023-05", NOW))).containsExactly(YearMonth.of(2023, 5), YearMonth.of(2023, 5));
    }

    @Test
    void shouldListTheTwelveMonthsEndingWithTheLastWhenThePeriodIsTheLastTwelveMonths() {
        assertThat(EvidenceQueries.months(Period.parse("last-12-months", NOW))).containsExactly(YearMonth.of(2023, 6), YearMonth.of(2024, 5));
    }
}
