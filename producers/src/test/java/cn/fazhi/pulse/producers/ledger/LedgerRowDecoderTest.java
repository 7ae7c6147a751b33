package cn.fazhi.pulse.producers.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.events.DisputeType;
import cn.fazhi.pulse.events.MediationAccepted;
import cn.fazhi.pulse.events.MediationConcluded;
import cn.fazhi.pulse.events.MediationOutcome;
import cn.fazhi.pulse.events.PetitionClosed;
import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.Violation;
import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerRowDecoderTest {
    private static final EventJsonCodec CODEC = new EventJsonCodec(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
    private static final List<String> MEDIATION_HEADERS = List.of("受理日期", "区划代码", "调解编号", "纠纷类型", "调委会");

    @Test
    void shouldDecodeARowWhenHeadersAndValuesAreWrittenTheWayAClerkWritesThem() {
        LedgerRowDecoder decoder = new LedgerRowDecoder(MEDIATION_HEADERS, Optional.of(EventType.MEDIATION_ACCEPTED), CODEC);

        DecodedEvent result = decoder.decode(List.of("2024/3/5", "120111101000", "m-1", "邻里", ""));

        MediationAccepted event = (MediationAccepted) ((DecodedEvent.Accepted) result).event();
        assertThat(event.getDisputeType()).isEqualTo(DisputeType.NEIGHBOR);
        assertThat(event.getOccurredAt()).isEqualTo(Instant.parse("2024-03-04T16:00:00Z"));
        assertThat(event.getCommitteeId()).isNull();
        assertThat(event.getEventId()).matches("ldg-[0-9a-f]{32}");
    }

    @Test
    void shouldDeriveTheSameEventIdWhenTheSameRowIsReadAgainWithItsColumnsInAnotherOrder() {
        MediationAccepted first = accepted(new LedgerRowDecoder(MEDIATION_HEADERS, Optional.of(EventType.MEDIATION_ACCEPTED), CODEC)
                .decode(List.of("2024-03-05", "120111101000", "m-1", "NEIGHBOR", "")));
        MediationAccepted again = accepted(new LedgerRowDecoder(List.of("dispute_type", "mediation_id", "town_code", "occurred_at"),
                Optional.of(EventType.MEDIATION_ACCEPTED), CODEC).decode(List.of("邻里", "m-1", "120111101000", "2024年3月5日")));
        MediationAccepted other = accepted(new LedgerRowDecoder(MEDIATION_HEADERS, Optional.of(EventType.MEDIATION_ACCEPTED), CODEC)
                .decode(List.of("2024-03-05", "120111101000", "m-2", "NEIGHBOR", "")));

        assertThat(again.getEventId()).isEqualTo(first.getEventId());
        assertThat(other.getEventId()).isNotEqualTo(first.getEventId());
    }

    @Test
    void shouldKeepTheEventIdWhenARowIsEditedSoThatTheEditIsACorrection() {
        LedgerRowDecoder decoder = new LedgerRowDecoder(MEDIATION_HEADERS, Optional.of(EventType.MEDIATION_ACCEPTED), CODEC);
        MediationAccepted first = accepted(decoder.decode(List.of("2024-03-05", "120111101000", "m-1", "邻里", "")));

        MediationAccepted edited = accepted(decoder.decode(List.of("2024-03-06", "120111101000", "m-1", "合同", "c-1")));

        assertThat(edited.getEventId()).isEqualTo(first.getEventId());
        assertThat(edited.getEventId()).isEqualTo(StableEventIds.eventId("120111101000", EntityKind.MEDIATION, "m-1", "accepted", 1));
        assertThat(edited.getDisputeType()).isEqualTo(DisputeType.CONTRACT);
    }

    @Test
    void shouldKeepTheLedgersOwnEventIdWhenItHasOne() {
        LedgerRowDecoder decoder = new LedgerRowDecoder(List.of("事件编号", "受理日期", "区划代码", "调解编号", "纠纷类型"),
                Optional.of(EventType.MEDIATION_ACCEPTED), CODEC);

        assertThat(accepted(decoder.decode(List.of("yl-0001", "2024-03-05", "120111101000", "m-1", "邻里"))).getEventId()).isEqualTo("yl-0001");
    }

    @Test
    void shouldRefuseARowNamingItsColumnAndFieldWhenAValueIsNotAllowed() {
        LedgerRowDecoder decoder = new LedgerRowDecoder(MEDIATION_HEADERS, Optional.of(EventType.MEDIATION_ACCEPTED), CODEC);

        List<Violation> violations = rejected(decoder.decode(List.of("2024-03-05", "12011110100", "m-1", "吵架", "")));

        assertThat(violations).extracting(Violation::field).containsExactly("纠纷类型(dispute_type)");
        assertThat(violations.get(0).reasonZh()).contains("吵架", "邻里");
        assertThat(violations.get(0).reasonEn()).contains("NEIGHBOR");
    }

    @Test
    void shouldRefuseARowNamingTheColumnWhenARequiredCellIsEmptyOrTheTownCodeIsBad() {
        LedgerRowDecoder decoder = new LedgerRowDecoder(MEDIATION_HEADERS, Optional.of(EventType.MEDIATION_ACCEPTED), CODEC);

        List<Violation> missing = rejected(decoder.decode(List.of("2024-03-05", "120111101000", "", "邻里", "")));
        List<Violation> badTown = rejected(decoder.decode(List.of("2024-03-05", "12011110100", "m-1", "邻里", "")));

        assertThat(missing).extracting(Violation::field).containsExactly("调解编号(mediation_id)");
        assertThat(missing.get(0).reasonEn()).contains("missing");
        assertThat(badTown).extracting(Violation::field).containsExactly("区划代码(town_code)");
    }

    @Test
    void shouldReadYesNoAndTheTypeFromATypeColumnWhenOneSheetMixesTypes() {
        LedgerRowDecoder decoder = new LedgerRowDecoder(List.of("事件类型", "日期", "区划代码", "信访编号", "是否化解", "满意度", "调解编号", "调解结果"),
                Optional.of(EventType.MEDIATION_ACCEPTED), CODEC);

        DecodedEvent petition = decoder.decode(List.of("信访办结", "2024-03-05", "120111101000", "p-1", "是", "满意", "", ""));
        DecodedEvent mediation = decoder.decode(List.of("MediationConcluded", "2024-03-05", "120111101000", "", "", "", "m-1", "撤回"));

        assertThat(petition).as(petition.toString()).isInstanceOf(DecodedEvent.Accepted.class);
        assertThat(mediation).as(mediation.toString()).isInstanceOf(DecodedEvent.Accepted.class);
        PetitionClosed closed = (PetitionClosed) ((DecodedEvent.Accepted) petition).event();
        MediationConcluded concluded = (MediationConcluded) ((DecodedEvent.Accepted) mediation).event();

        assertThat(closed.getResolved()).isTrue();
        assertThat(concluded.getOutcome()).isEqualTo(MediationOutcome.WITHDRAWN);
    }

    @Test
    void shouldRefuseEveryRowWhenNeitherTheSheetNorAColumnSaysTheType() {
        LedgerRowDecoder decoder = new LedgerRowDecoder(MEDIATION_HEADERS, Optional.empty(), CODEC);

        assertThat(decoder.headerProblems()).extracting(Violation::field).containsExactly("type");
        assertThat(rejected(decoder.decode(List.of("2024-03-05", "120111101000", "m-1", "邻里", "")))).hasSize(1);
    }

    @Test
    void shouldRefuseAValueInAColumnThatIsNoFieldOfTheType() {
        LedgerRowDecoder decoder = new LedgerRowDecoder(List.of("受理日期", "区划代码", "调解编号", "纠纷类型", "备注"),
                Optional.of(EventType.MEDIATION_ACCEPTED), CODEC);

        assertThat(rejected(decoder.decode(List.of("2024-03-05", "120111101000", "m-1", "邻里", "当事人未到场"))))
                .extracting(Violation::field).containsExactly("备注");
        assertThat(decoder.decode(List.of("2024-03-05", "120111101000", "m-1", "邻里", ""))).isInstanceOf(DecodedEvent.Accepted.class);
    }

    @Test
    void shouldQuoteTheDateAsWrittenWhenItIsNoDate() {
        LedgerRowDecoder decoder = new LedgerRowDecoder(MEDIATION_HEADERS, Optional.of(EventType.MEDIATION_ACCEPTED), CODEC);

        List<Violation> violations = rejected(decoder.decode(List.of("2024/13/1", "120111101000", "m-1", "邻里", "")));

        assertThat(violations).extracting(Violation::field).containsExactly("受理日期(occurred_at)");
        assertThat(violations.get(0).reasonZh()).contains("2024/13/1");
        assertThat(violations.get(0).reasonEn()).contains("2024/13/1");
    }

    @Test
    void shouldWriteIsoDatesWhenClerksWriteSlashesDotsOrChineseDates() {
        assertThat(LedgerRowDecoder.isoDate("2024/3/5")).isEqualTo("2024-03-05");
        assertThat(LedgerRowDecoder.isoDate("2024.03.05 9:30")).isEqualTo("2024-03-05T09:30:00");
        assertThat(LedgerRowDecoder.isoDate("2024年3月5日")).isEqualTo("2024-03-05");
        assertThat(LedgerRowDecoder.isoDate("2024-03-05T10:15:00+08:00")).isEqualTo("2024-03-05T10:15:00+08:00");
    }

    private static MediationAccepted accepted(DecodedEvent result) {
        assertThat(result).isInstanceOf(DecodedEvent.Accepted.class);
        return (MediationAccepted) ((DecodedEvent.Accepted) result).event();
    }

    private static List<Violation> rejected(DecodedEvent result) {
        assertThat(result).isInstanceOf(DecodedEvent.Rejected.class);
        return ((DecodedEvent.Rejected) result).violations();
    }
}
