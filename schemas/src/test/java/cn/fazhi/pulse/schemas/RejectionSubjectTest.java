package cn.fazhi.pulse.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RejectionSubjectTest {
    private static final String TOWN = "120111101000";

    @Test
    void shouldReadTheEventOfAJsonLineWhenItsIdentityIsReadableWhateverElseIsWrong() {
        String line = "{\"type\":\"MediationConcluded\",\"event_id\":\"e-1\",\"town_code\":\"" + TOWN
                + "\",\"occurred_at\":\"2024-13-01\",\"mediation_id\":\"m-1\",\"outcome\":\"MAYBE\"}";

        RejectionSubject subject = RejectionSubject.ofJson(line, TOWN);

        assertThat(subject).isEqualTo(RejectionSubject.ofEvent(TOWN + "|mediation|m-1", "e-1"));
        assertThat(subject.id()).isEqualTo(RejectionSubject.eventId(TOWN + "|mediation|m-1", "e-1"));
        assertThat(subject.partitionKey()).isEqualTo(TOWN + "|mediation|m-1");
    }

    @Test
    void shouldFallBackToTheSameContentSubjectWhenTheSameUnreadableLineComesTwice() {
        RejectionSubject first = RejectionSubject.ofJson("{not json " + TOWN, TOWN);
        RejectionSubject again = RejectionSubject.ofJson("{not json " + TOWN, TOWN);
        RejectionSubject otherTown = RejectionSubject.ofJson("{not json " + TOWN, "120111102000");

        assertThat(first.contentHash()).isNotNull();
        assertThat(again).isEqualTo(first);
        assertThat(otherTown).isNotEqualTo(first);
        assertThat(first.partitionKey()).isEqualTo(first.id());
    }

    @Test
    void shouldKeepTwoSubjectsApartWhenAnEntityIdHoldsTheSeparator() {
        String a = RejectionSubject.eventId(TOWN + "|mediation|m 1", "x");
        String b = RejectionSubject.eventId(TOWN + "|mediation|m", "1 x");

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void shouldReadBackTheSubjectWhenADeadLetterCarriesOne() {
        DeadLetter letter = new DeadLetter(DeadLetter.Stage.IMPORT, "台账.csv", "row 4", TOWN, "受理日期 / not a date",
                RejectionSubject.ofEntity(TOWN + "|mediation|m-2"));

        DeadLetter read = DeadLetter.from(letter.headers());

        assertThat(read).isEqualTo(letter);
        assertThat(DeadLetter.from(new DeadLetter(DeadLetter.Stage.SINK, null, null, TOWN, "r").headers()).subject()).isNull();
    }

    @Test
    void shouldReadNoSubjectWhenTheHeadersContradictEachOther() {
        RecordHeaders headers = new RecordHeaders();
        RejectionSubject.ofEntity(TOWN + "|mediation|m-2").writeTo(headers);
        RejectionSubject.ofContent(TOWN, "row").writeTo(headers);

        assertThat(RejectionSubject.from(headers)).isNull();
    }
}
