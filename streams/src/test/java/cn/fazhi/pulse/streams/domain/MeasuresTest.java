package cn.fazhi.pulse.streams.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasuresTest {

    @Test
    void shouldSumTheSameMeasureWhenABuilderIsGivenItTwice() {
        Measures measures = Measures.builder().count("petition.received").add("enforcement.fines_yuan", 500)
                .count("petition.received").build();

        assertThat(measures.asMap()).isEqualTo(Map.of("petition.received", 2L, "enforcement.fines_yuan", 500L));
        assertThat(measures.size()).isEqualTo(2);
    }

    @Test
    void shouldLeaveOutMeasuresThatCancelWhenSubtracting() {
        Measures before = Measures.of(Map.of("mediation.accepted", 3L, "mediation.succeeded", 2L));
        Measures after = Measures.of(Map.of("mediation.accepted", 3L, "mediation.succeeded", 3L, "mediation.failed", 1L));

        Measures change = after.minus(before);

        assertThat(change.asMap()).isEqualTo(Map.of("mediation.succeeded", 1L, "mediation.failed", 1L));
        assertThat(before.plus(change)).isEqualTo(after);
        assertThat(after.minus(after)).isEqualTo(Measures.NONE);
        assertThat(after.minus(after).isEmpty()).isTrue();
    }

    @Test
    void shouldBeEqualWhateverOrderTheMeasuresWereAddedIn() {
        Measures one = Measures.builder().count("training.sessions").count("case.hearings").count("mediation.accepted").build();
        Measures other = Measures.builder().count("mediation.accepted").count("training.sessions").count("case.hearings").build();

        assertThat(one).isEqualTo(other).hasSameHashCodeAs(other);
    }

    @Test
    void shouldKeepMeasuresTheCatalogDoesNotKnowByNameWhenSumming() {
        Measures known = Measures.of(Map.of("mediation.accepted", 1L));
        Measures unknown = Measures.of(Map.of("future.measure", 4L));

        Measures sum = known.plus(unknown).plus(unknown);

        assertThat(sum.get("future.measure")).isEqualTo(8L);
        assertThat(sum.get("mediation.accepted")).isEqualTo(1L);
        assertThat(sum.get("mediation.failed")).isZero();
        assertThat(sum.minus(unknown).minus(unknown)).isEqualTo(known);
    }
}
