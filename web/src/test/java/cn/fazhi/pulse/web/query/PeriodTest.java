package cn.fazhi.pulse.web.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.web.WebException;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class PeriodTest {
    private static final YearMonth MARCH = YearMonth.of(2023, 3);

    @Test
    void shouldKeepStoredPeriodsAsTheyAreWhenYearQuarterOrMonthIsGiven() {
        assertThat(Period.parse("2023", MARCH)).isEqualTo(new Period.Stored("2023"));
        assertThat(Period.parse("2023-Q4", MARCH)).isEqualTo(new Period.Stored("2023-Q4"));
        assertThat(Period.parse("2023-02", MARCH)).isEqualTo(new Period.Stored("2023-02"));
    }

    @Test
    void shouldEndTheWindowWithTheGivenMonthWhenTheLast12MonthsAreAsked() {
        assertThat(Period.parse("last-12-months", MARCH)).isEqualTo(new Period.Window(YearMonth.of(2022, 4), MARCH));
    }

    @Test
    void shouldSumAMonthRangeWhenTwoMonthsAreJoinedByDots() {
        assertThat(Period.parse("2022-01..2022-06", MARCH)).isEqualTo(new Period.Window(YearMonth.of(2022, 1), YearMonth.of(2022, 6)));
    }

    @Test
    void shouldRefuseWithBothLanguagesWhenTheMonthDoesNotExist() {
        assertThatThrownBy(() -> Period.parse("2023-13", MARCH)).isInstanceOf(WebException.BadRequest.class)
                .hasMessageContaining("2023-13").satisfies(e -> assertThat(((WebException) e).messageZh()).contains("月份"));
    }

    @Test
    void shouldRefuseWhenARangeRunsBackwardsOrIsTooLong() {
        assertThatThrownBy(() -> Period.parse("2023-06..2023-01", MARCH)).isInstanceOf(WebException.BadRequest.class);
        assertThatThrownBy(() -> Period.parse("2000-01..2023-01", MARCH)).isInstanceOf(WebException.BadRequest.class);
    }

    @Test
    void shouldRefuseWhenThePeriodIsMissingOrUnknown() {
        assertThatThrownBy(() -> Period.parse(null, MARCH)).isInstanceOf(WebException.BadRequest.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> Period.parse("2023-H1", MARCH)).isInstanceOf(WebException.BadRequest.class).hasMessageContaining("2023-H1");
    }
}
