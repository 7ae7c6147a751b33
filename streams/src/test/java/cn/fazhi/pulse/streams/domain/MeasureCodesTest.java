package cn.fazhi.pulse.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasureCodesTest {

    @Test
    void shouldHaveACodeForEveryMeasureOfTheCatalog() {
        assertThat(MeasureCodes.names())
                .as("append new measures at the end of streams/src/main/resources/cn/fazhi/pulse/streams/measure-codes.txt")
                .containsAll(MeasureCodes.catalogMeasures())
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldKeepTheCodesOfTheFirstRelease() {
        // Stored state written by this release refers to these codes; they must never move.
        assertThat(MeasureCodes.code("case.admin.appealed")).isEqualTo(1);
        assertThat(MeasureCodes.code("mediation.accepted")).isEqualTo(MeasureCodes.names().indexOf("mediation.accepted") + 1);
        assertThat(MeasureCodes.code("not.a.measure")).isZero();
    }

    @Test
    void shouldAddAndSubtractWhenMeasuresAreKnownOrNot() {
        Measures a = Measures.of(Map.of("mediation.accepted", 3L, "future.measure", 2L));
        Measures b = Measures.of(Map.of("mediation.accepted", 1L, "future.measure", 2L));

        Measures difference = a.minus(b);

        assertThat(difference.asMap()).containsExactly(Map.entry("mediation.accepted", 2L));
        assertThat(difference.plus(b)).isEqualTo(a);
        assertThat(a.minus(a).isEmpty()).isTrue();
        assertThat(a.families()).containsExactlyInAnyOrder("mediation", "future");
    }
}
