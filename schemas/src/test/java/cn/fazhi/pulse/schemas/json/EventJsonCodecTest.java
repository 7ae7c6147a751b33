package cn.fazhi.pulse.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.events.MediationAccepted;
import cn.fazhi.pulse.events.TrainingSessionHeld;
import cn.fazhi.pulse.schemas.EveryEventType;
import cn.fazhi.pulse.schemas.Violation;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventJsonCodecTest {
    private static final String MEDIATION = "{\"type\":\"MediationAccepted\",\"event_id\":\"yl-m-0001-a\",\"town_code\":\"120111101000\","
            + "\"occurred_at\":\"2020-01-06\",\"mediation_id\":\"m-0001\",\"dispute_type\":\"NEIGHBOR\"}";
    private final EventJsonCodec codec = EveryEventType.CODEC;

    @Test
    void shouldReadTheExampleOfTheContractWhenTheLineIsValid() {
        SpecificRecord event = accepted(MEDIATION);

        assertThat(event).isInstanceOf(MediationAccepted.class);
        MediationAccepted mediation = (MediationAccepted) event;
        assertThat(mediation.getMediationId()).isEqualTo("m-0001");
        assertThat(mediation.getOccurredAt()).isEqualTo(Instant.parse("2020-01-05T16:00:00Z"));
        assertThat(mediation.getOfficeId()).isNull();
    }

    @Test
    void shouldRoundTripEveryEventTypeWhenEncodedAndDecodedAgain() {
        for (SpecificRecord event : EveryEventType.records()) {
            assertThat(accepted(codec.encode(event))).isEqualTo(event);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "2020-03-05T10:15:00+08:00, 2020-03-05T02:15:00Z",
            "2020-03-05T02:15:00Z, 2020-03-05T02:15:00Z",
            "2020-03-05T10:15:00, 2020-03-05T02:15:00Z",
            "2020-03-05, 2020-03-04T16:00:00Z",
            "2020-03-05T10:15:00.250+08:00, 2020-03-05T02:15:00.250Z"})
    void shouldReadTheTimeAsChinaStandardTimeWhenItHasNoOffset(String written, String instant) {
        assertThat(EventJsonCodec.parseTimestamp(written)).isEqualTo(Instant.parse(instant));
    }

    @Test
    void shouldPutTheLastHalfHourOf2020InChinaIn2020AndTheSameInstantInUtcIn2021() {
        ZoneId china = ZoneId.of("Asia/Shanghai");
        Instant chinaEvening = EventJsonCodec.parseTimestamp("2020-12-31T23:30:00+08:00");
        Instant utcAfternoon = EventJsonCodec.parseTimestamp("2020-12-31T16:30:00Z");

        assertThat(YearMonth.from(chinaEvening.atZone(china))).isEqualTo(YearMonth.of(2020, 12));
        assertThat(YearMonth.from(utcAfternoon.atZone(china))).isEqualTo(YearMonth.of(2021, 1));
    }

    @Test
    void shouldWriteTimestampsWithSecondsAndTheChinaOffset() {
        assertThat(EventJsonCodec.formatTimestamp(Instant.parse("2023-01-01T01:04:00Z"))).isEqualTo("2023-01-01T09:04:00+08:00");
        assertThat(EventJsonCodec.formatTimestamp(Instant.parse("2023-01-01T01:04:00.250Z"))).isEqualTo("2023-01-01T09:04:00.250+08:00");
    }

    @Test
    void shouldKeepTwoDecimalsWhenADecimalFieldIsWhole() {
        String line = "{\"type\":\"TrainingSessionHeld\",\"event_id\":\"s-1\",\"town_code\":\"120111101000\",\"occurred_at\":\"2020-03-10\","
                + "\"session_id\":\"s-1\",\"training_kind\":\"SELF_STUDY\",\"hours\":52,\"invited\":1,\"attended\":1}";

        assertThat(((TrainingSessionHeld) accepted(line)).getHours()).isEqualTo(new BigDecimal("52.00"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        not JSON               | {"type":"MediationAccepted",                                                                          | ''            | not valid JSON
        not an object          | [1,2]                                                                                                  | ''            | must be one JSON object
        missing type           | {"event_id":"x"}                                                                                       | type          | missing
        unknown type           | {"type":"MediationStarted"}                                                                            | type          | unknown event type: MediationStarted
        missing field          | {"type":"MediationAccepted","event_id":"e","town_code":"120111101000","occurred_at":"2020-01-06","dispute_type":"NEIGHBOR"} | mediation_id | missing
        ill-typed int          | {"type":"LegalConsultationGiven","event_id":"e","town_code":"120111101000","occurred_at":"2020-01-06","consultation_id":"c","people":"3"} | people | must be a whole number
        bad town code          | {"type":"MediationAccepted","event_id":"e","town_code":"12011110100","occurred_at":"2020-01-06","mediation_id":"m","dispute_type":"NEIGHBOR"} | town_code | 12-digit
        enum not listed        | {"type":"MediationAccepted","event_id":"e","town_code":"120111101000","occurred_at":"2020-01-06","mediation_id":"m","dispute_type":"GOSSIP"} | dispute_type | is not one of
        attended over invited  | {"type":"TrainingSessionHeld","event_id":"e","town_code":"120111101000","occurred_at":"2020-01-06","session_id":"s","training_kind":"SELF_STUDY","hours":1,"invited":3,"attended":4} | attended | greater than invited
        far future             | {"type":"MediationAccepted","event_id":"e","town_code":"120111101000","occurred_at":"2026-06-02T01:00:00Z","mediation_id":"m","dispute_type":"NEIGHBOR"} | occurred_at | future
        unreadable time        | {"type":"MediationAccepted","event_id":"e","town_code":"120111101000","occurred_at":"06/01/2020","mediation_id":"m","dispute_type":"NEIGHBOR"} | occurred_at | unreadable timestamp
        unknown field          | {"type":"MediationAccepted","event_id":"e","town_code":"120111101000","occurred_at":"2020-01-06","mediation_id":"m","dispute_type":"NEIGHBOR","ofice_id":"x"} | ofice_id | not a field of MediationAccepted
        success without form   | {"type":"MediationConcluded","event_id":"e","town_code":"120111101000","occurred_at":"2020-01-06","mediation_id":"m","outcome":"SUCCESS"} | agreement_form | required when outcome is SUCCESS
        too many decimals      | {"type":"PenaltyImposed","event_id":"e","town_code":"120111101000","occurred_at":"2020-01-06","penalty_id":"p","category":"OTHER","fine_yuan":1.005} | fine_yuan | at most 2 decimals
        score over 100         | {"type":"ExamCompleted","event_id":"e","town_code":"120111101000","occurred_at":"2020-01-06","exam_id":"x","person_ref":"p","score":100.5} | score | between 0 and 100
        empty event id         | {"type":"MediationAccepted","event_id":"","town_code":"120111101000","occurred_at":"2020-01-06","mediation_id":"m","dispute_type":"NEIGHBOR"} | event_id | must not be empty
        """)
    void shouldRejectWithTheFieldAndReasonWhenALineBreaksARule(String rule, String line, String field, String reasonEn) {
        DecodedEvent decoded = codec.decode(line);

        assertThat(decoded).as(rule).isInstanceOf(DecodedEvent.Rejected.class);
        var violations = ((DecodedEvent.Rejected) decoded).violations();
        assertThat(violations).as(rule).anySatisfy(v -> {
            assertThat(v.field()).isEqualTo(field);
            assertThat(v.reasonEn()).contains(reasonEn);
            assertThat(v.reasonZh()).isNotBlank();
        });
    }

    @Test
    void shouldReportEveryProblemOfALineAtOnce() {
        String line = "{\"type\":\"MediationAccepted\",\"event_id\":\"e\",\"town_code\":120111101000,\"occurred_at\":\"2020-01-06\",\"dispute_type\":\"X\"}";

        var violations = ((DecodedEvent.Rejected) codec.decode(line)).violations();

        assertThat(violations).extracting(Violation::field).containsExactlyInAnyOrder("town_code", "mediation_id", "dispute_type");
    }

    @Test
    void shouldDescribeAViolationInChineseAndEnglish() {
        var rejected = (DecodedEvent.Rejected) codec.decode("{\"type\":\"Nope\"}");

        assertThat(rejected.reason()).isEqualTo("字段 type：未知的事件类型：Nope / field type: unknown event type: Nope");
    }

    private SpecificRecord accepted(String line) {
        DecodedEvent decoded = codec.decode(line);
        assertThat(decoded).as(() -> decoded.toString()).isInstanceOf(DecodedEvent.Accepted.class);
        return ((DecodedEvent.Accepted) decoded).event();
    }
}
