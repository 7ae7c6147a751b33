package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.schemas.Scopes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class PeriodsTest {

    @Test
    void shouldCutMonthsInChinaStandardTimeWhenAnInstantIsNearMidnight() {
        assertThat(Periods.monthOf(Instant.parse("2020-12-31T15:30:00Z"))).isEqualTo(YearMonth.of(2020, 12));
        assertThat(Periods.monthOf(Instant.parse("2020-12-31T16:30:00Z"))).isEqualTo(YearMonth.of(2021, 1));
    }

    @Test
    void shouldNameTheMonthItsQuarterAndItsYear() {
        assertThat(Periods.containing(YearMonth.of(2020, 3))).containsExactly("2020-03", "2020-Q1", "2020");
        assertThat(Periods.quarter(YearMonth.of(2020, 4))).isEqualTo("2020-Q2");
        assertThat(Periods.quarter(YearMonth.of(2020, 12))).isEqualTo("2020-Q4");
    }

    @Test
    void shouldDeriveDistrictAndCityFromTheTownCode() {
        assertThat(Scopes.containing("120116051000")).containsExactly("120116051000", "120116000000", "120100000000");
    }

    @Test
    void shouldCountTheUnknownScopeOnceWhenTheTownIsUnknown() {
        assertThat(new Bucket(Scopes.UNKNOWN, YearMonth.of(2020, 1)).rollups()).hasSize(3);
        assertThat(new Bucket("120116051000", YearMonth.of(2020, 1)).rollups()).hasSize(9);
    }
}
