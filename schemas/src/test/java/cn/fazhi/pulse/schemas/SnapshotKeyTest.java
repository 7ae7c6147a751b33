package cn.fazhi.pulse.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnapshotKeyTest {

    @Test
    void shouldWriteScopePeriodAndIndicatorSeparatedByBarsWhenTakenFromASnapshot() {
        IndicatorSnapshot snapshot = IndicatorSnapshot.newBuilder()
                .setScopeCode("370323106000")
                .setPeriod("2020-Q1").setIndicator("mediation.success_rate")
                .setNumerator(BigDecimal.ONE).setDenominator(BigDecimal.ONE).setValue(1.0)
                .setAsOf(Instant.parse("2020-03-19T16:00:00Z"))
                .build();

        assertThat(SnapshotKey.of(snapshot).toString()).isEqualTo("370323106000|2020-Q1|mediation.success_rate");
    }

    @Test
    void shouldReadBackTheKeyItWritesWhenParsed() {
        SnapshotKey key = new SnapshotKey("370300000000", "2020", "dq.rejected");

        assertThat(SnapshotKey.of(key.toString())).isEqualTo(key);
        assertThat(SnapshotKey.of("370300000000|2020|dq.rejected").scope()).isEqualTo("370300000000");
    }

    @Test
    void shouldRefuseAKeyWhenItDoesNotHaveThreeNonEmptyParts() {
        assertThatThrownBy(() -> SnapshotKey.of("370300000000|2020")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SnapshotKey.of("370300000000||dq.rejected")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SnapshotKey.of("a|b|c|d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SnapshotKey.of((String) null)).isInstanceOf(IllegalArgumentException.class);
    }
}
