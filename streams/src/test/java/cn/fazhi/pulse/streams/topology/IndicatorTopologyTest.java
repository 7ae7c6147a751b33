package cn.fazhi.pulse.streams.topology;

import static cn.fazhi.pulse.streams.TestEvents.TOWN;
import static cn.fazhi.pulse.streams.TestEvents.accepted;
import static cn.fazhi.pulse.streams.TestEvents.concluded;
import static cn.fazhi.pulse.streams.TestEvents.retraction;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.RejectionSubject;
import cn.fazhi.pulse.schemas.indicators.Measure;
import cn.fazhi.pulse.streams.TestEvents;
import cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Every behaviour with the stores written behind and with Kafka Streams' record cache. */
@ParameterizedClass(name = "write-behind stores: {0}")
@ValueSource(booleans = {true, false})
class IndicatorTopologyTest {
    private static final Instant NOW = Instant.parse("2020-12-31T00:00:00Z");
    private static final String DISTRICT = "370323000000";
    private static final String CITY = "370300000000";

    @Parameter
    boolean writeBehindStores;
    @TempDir
    Path stateDir;
    private TopologyHarness topology;

    @BeforeEach
    void startDriver() {
        topology = new TopologyHarness(stateDir, NOW, writeBehindStores);
    }

    @AfterEach
    void closeDriver() {
        topology.close();
    }

    @Test
    void shouldPublishTheMediationFamilyWhenAMediationIsAcceptedAndConcluded() {
        send(accepted("m-1", "2020-03-02"));
        send(concluded("m-1", "2020-03-20", "SUCCESS", "WRITTEN"));

        emit();

        assertThat(count(TOWN, "2020-03", "mediation.accepted")).isEqualTo(1);
        assertThat(count(TOWN, "2020-03", "mediation.succeeded")).isEqualTo(1);
        assertThat(count(TOWN, "2020-03", "mediation.written_agreements")).isEqualTo(1);
        assertThat(count(TOWN, "2020-03", "mediation.escalated_to_criminal")).isZero();
        assertThat(count(TOWN, "2020-03", "mediation.pending")).isZero();
        assertThat(count(TOWN, "2020-03", "mediation.dispute.NEIGHBOR")).isEqualTo(1);
        IndicatorSnapshot rate = snapshot(TOWN, "2020-03", "mediation.success_rate");
        assertThat(rate.getNumerator()).isEqualByComparingTo("1");
        assertThat(rate.getDenominator()).isEqualByComparingTo("1");
        assertThat(rate.getValue()).isEqualTo(1.0);
        assertThat(rate.getAsOf()).isEqualTo(Instant.parse("2020-03-19T16:00:00Z"));
    }

    @Test
    void shouldCountAConclusionInTheMonthOfAcceptanceWhenItComesLater() {
        send(accepted("m-1", "2020-01-28"));
        send(concluded("m-1", "2020-03-05", "FAILED", null));

        emit();

        assertThat(count(TOWN, "2020-01", "mediation.failed")).isEqualTo(1);
        assertThat(snapshot(TOWN, "2020-01", "mediation.success_rate").getValue()).isEqualTo(0.0);
        assertThat(topology.has(TOWN, "2020-03", "mediation.failed")).isFalse();
    }

    @Test
    void shouldRollMonthsUpToQuarterAndYearAndTownsToDistrictAndCity() {
        send(accepted(TOWN, "m-1", "2020-01-10", "LABOR"));
        send(accepted(TOWN, "m-2", "2020-02-10", "LABOR"));
        send(accepted("370323107000", "m-1", "2020-05-10", "LABOR"));

        emit();

        assertThat(count(TOWN, "2020-Q1", "mediation.accepted")).isEqualTo(2);
        assertThat(count(TOWN, "2020", "mediation.accepted")).isEqualTo(2);
        assertThat(count(DISTRICT, "2020", "mediation.accepted")).isEqualTo(3);
        assertThat(count(CITY, "2020-Q2", "mediation.accepted")).isEqualTo(1);
        assertThat(count(CITY, "2020", "mediation.dispute.LABOR")).isEqualTo(3);
    }

    @Test
    void shouldChangeNothingWhenAnEventArrivesTwice() {
        send(accepted("m-1", "2020-03-02"));
        emit();

        send(accepted("m-1", "2020-03-02"));

        assertThat(topology.emitted()).isEmpty();
    }

    @Test
    void shouldReplaceTheEarlierVersionWhenAnEventIsCorrected() {
        send(accepted("m-1", "2020-03-02"));
        send(concluded("m-1", "2020-03-20", "SUCCESS", "ORAL"));
        emit();

        send(concluded("m-1", "2020-03-20", "FAILED", null));
        emit();

        assertThat(count(TOWN, "2020-03", "mediation.succeeded")).isZero();
        assertThat(count(TOWN, "2020-03", "mediation.oral_agreements")).isZero();
        assertThat(count(TOWN, "2020-03", "mediation.failed")).isEqualTo(1);
    }

    @Test
    void shouldKeepTheCorrectionWhenTheVersionItReplacedIsSentAgain() {
        send(accepted("m-1", "2020-03-02"));
        send(concluded("m-1", "2020-03-20", "SUCCESS", "ORAL"));
        send(concluded("m-1", "2020-03-20", "FAILED", null));
        emit();

        send(concluded("m-1", "2020-03-20", "SUCCESS", "ORAL"));

        assertThat(topology.emitted()).isEmpty();
        assertThat(count(TOWN, "2020-03", "mediation.failed")).isEqualTo(1);
    }

    @Test
    void shouldWithdrawAnEventWhenItIsRetracted() {
        send(accepted("m-1", "2020-03-02"));
        send(concluded("m-1", "2020-03-20", "SUCCESS", "ORAL"));
        emit();

        send(retraction("m-1-c", "MediationConcluded", "m-1", "2020-03-25"));
        emit();

        assertThat(count(TOWN, "2020-03", "mediation.succeeded")).isZero();
        assertThat(count(TOWN, "2020-03", "mediation.pending")).isEqualTo(1);
    }

    @Test
    void shouldHoldARetractionAsOrphanedUntilTheEventItWithdrawsArrives() {
        // Given a retraction whose conclusion has not arrived, e.g. one naming the wrong entity
        send(accepted("m-1", "2020-03-02"));
        send(retraction("m-1-c", "MediationConcluded", "m-1", "2020-03-25"));
        emit();
        assertThat(count(TOWN, "2020-12", "dq.orphaned")).as("waiting, not silently ignored").isEqualTo(1);

        // When the conclusion arrives after all
        send(concluded("m-1", "2020-03-20", "SUCCESS", "ORAL"));
        emit();

        // Then it is withdrawn at once and nothing waits any more
        assertThat(count(TOWN, "2020-12", "dq.orphaned")).isZero();
        assertThat(count(TOWN, "2020-03", "mediation.succeeded")).isZero();
        assertThat(count(TOWN, "2020-03", "mediation.pending")).isEqualTo(1);
    }

    @Test
    void shouldLetTheStepThatOccurredLastStandWhenAStepHappensTwice() {
        send(accepted("m-1", "2020-03-02"));
        send(concluded("m-1-c2", "m-1", "2020-03-28", "SUCCESS", "WRITTEN"));
        send(concluded("m-1-c1", "m-1", "2020-03-10", "FAILED", null));

        emit();

        assertThat(count(TOWN, "2020-03", "mediation.succeeded")).isEqualTo(1);
        assertThat(count(TOWN, "2020-03", "mediation.failed")).isZero();
    }

    @Test
    void shouldHoldAConclusionAsOrphanedUntilItsAcceptanceArrives() {
        send(concluded("m-1", "2020-03-20", "SUCCESS", "ORAL"));
        emit();
        assertThat(count(TOWN, "2020-12", "dq.orphaned")).isEqualTo(1);
        assertThat(topology.has(TOWN, "2020-03", "mediation.succeeded")).isFalse();

        send(accepted("m-1", "2020-03-02"));
        emit();

        assertThat(count(TOWN, "2020-12", "dq.orphaned")).isZero();
        assertThat(count(TOWN, "2020-03", "mediation.succeeded")).isEqualTo(1);
    }

    @Test
    void shouldCountAnEventAsLateInItsArrivalMonthWhenItCameMoreThanThirtyDaysAfterItHappened() {
        send(accepted("m-1", "2020-10-02"));
        send(accepted("m-2", "2020-12-20"));

        emit();

        assertThat(count(TOWN, "2020-12", "dq.late")).isEqualTo(1);
    }

    @Test
    void shouldSendUndecodableBytesToTheDeadLetterTopicAndCountThem() {
        topology.sendRaw(EventTopic.MEDIATIONS.topicName(), "k", "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8), NOW);
        send(accepted("m-1", "2020-03-02"));

        emit();

        TestRecord<String, byte[]> dead = topology.deadLetters().readRecord();
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{\"not\":\"avro\"}");
        assertThat(DeadLetter.from(dead.headers()).reason()).contains("not an Avro single-object message");
        assertThat(DeadLetter.from(dead.headers()).source()).isEqualTo(EventTopic.MEDIATIONS.topicName());
        assertThat(count("000000000000", "2020-12", "dq.rejected")).isEqualTo(1);
        assertThat(count(TOWN, "2020-03", "mediation.accepted")).isEqualTo(1);
    }

    @Test
    void shouldRejectAnEventWhoseKeyIsNotItsEntitysKey() {
        SpecificRecord event = accepted("m-1", "2020-03-02");
        topology.sendRaw(EventTopic.MEDIATIONS.topicName(), TOWN + "|mediation|other", serde.serialize(event), NOW);

        emit();

        assertThat(DeadLetter.from(topology.deadLetters().readRecord().headers()).reason()).contains("the record key must be");
        assertThat(count(TOWN, "2020-12", "dq.rejected")).isEqualTo(1);
        assertThat(topology.has(TOWN, "2020-03", "mediation.accepted")).isFalse();
    }

    @Test
    void shouldSetAnEventAsideAsADeadLetterAndCountItWhenARuleFailsOnIt() {
        // Given a penalty whose fine does not fit the rules' sums, between two good events
        send(accepted("m-1", "2020-03-02"));
        byte[] penalty = TestEvents.penaltyWithAFineBeyondItsPrecision("p-1", "2020-03-05");
        String key = TOWN + "|penalty|p-1";
        topology.sendRaw(EventTopic.ENFORCEMENT.topicName(), key, penalty, NOW);
        send(accepted("m-2", "2020-03-06"));

        // When the topology has processed them
        emit();

        // Then the penalty is a dead letter with its bytes, reason, stage and town, and counted
        TestRecord<String, byte[]> dead = topology.deadLetters().readRecord();
        DeadLetter letter = DeadLetter.from(dead.headers());
        assertThat(dead.key()).isEqualTo(key);
        assertThat(dead.value()).isEqualTo(penalty);
        assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.STREAMS);
        assertThat(letter.reason()).startsWith("规则处理失败 / a rule failed").contains("ArithmeticException");
        assertThat(letter.townCode()).isEqualTo(TOWN);
        assertThat(letter.source()).isEqualTo(EventTopic.ENFORCEMENT.topicName());
        assertThat(letter.position()).isEqualTo("0@0");
        assertThat(count(TOWN, "2020-12", "dq.rejected")).isEqualTo(1);
        assertThat(topology.has(TOWN, "2020-03", Measure.ENFORCEMENT_PENALTIES)).as("nothing of the penalty counted").isFalse();
        assertThat(count(TOWN, "2020-03", "mediation.accepted")).as("the stream went on").isEqualTo(2);
    }

    @Test
    void shouldSetARepartitionedChangeAsideAsADeadLetterWhenItsFormatCannotBeRead() {
        // Given a change on the repartition topic in a format this release does not read (as a
        // newer release could leave behind), then a good event
        byte[] newer = {9, 0};
        topology.sendRaw("topology-harness-" + IndicatorTopology.REPARTITION + "-repartition", TOWN + "|2020-03", newer, NOW);
        send(accepted("m-1", "2020-03-02"));

        emit();

        TestRecord<String, byte[]> dead = topology.deadLetters().readRecord();
        DeadLetter letter = DeadLetter.from(dead.headers());
        assertThat(dead.value()).isEqualTo(newer);
        assertThat(letter.reason()).startsWith("无法解码 / cannot decode").contains("newer than this release reads");
        assertThat(letter.townCode()).isEqualTo(TOWN);
        assertThat(count(TOWN, "2020-12", "dq.rejected")).isEqualTo(1);
        assertThat(count(TOWN, "2020-03", "mediation.accepted")).as("the stream went on").isEqualTo(1);
    }

    @Test
    void shouldCountABadRowOnceWhenTheSameRowIsRefusedTwice() {
        // Given a ledger row refused at import, then refused again when the ledger is submitted again
        DeadLetter refused = refusedRow("m-9", "row 5");
        topology.sendDeadLetter(refused, "m-9,2020-13-01", NOW);
        topology.sendDeadLetter(refused, "m-9,2020-13-01", NOW.plusSeconds(60));

        emit();

        // Then it needs fixing once
        assertThat(count(TOWN, "2020-12", "dq.rejected")).isEqualTo(1);
    }

    @Test
    void shouldStopCountingABadRowWhenItArrivesFixed() {
        // Given a ledger row refused twice
        DeadLetter refused = refusedRow("m-9", "row 5");
        topology.sendDeadLetter(refused, "m-9,2020-13-01", NOW);
        topology.sendDeadLetter(refused, "m-9,2020-13-01", NOW.plusSeconds(60));
        emit();

        // When the row is submitted fixed, and its mediation arrives valid
        send(accepted("m-9", "2020-03-02"));
        emit();

        // Then nothing needs fixing in the month it was refused, and the mediation counts
        assertThat(count(TOWN, "2020-12", "dq.rejected")).isZero();
        assertThat(count(TOWN, "2020-03", "mediation.accepted")).isEqualTo(1);
    }

    @Test
    void shouldCountABadRowAgainWhenItIsRefusedAgainAfterItsFix() {
        DeadLetter refused = refusedRow("m-9", "row 5");
        topology.sendDeadLetter(refused, "m-9,2020-13-01", NOW);
        send(accepted("m-9", "2020-03-02"));
        topology.sendDeadLetter(refused, "m-9,2020-13-01", NOW.plusSeconds(60));

        emit();

        assertThat(count(TOWN, "2020-12", "dq.rejected")).isEqualTo(1);
    }

    @Test
    void shouldKeepCountingARefusedEventWhenOnlyAnotherEventOfItsEntityArrives() {
        // Given a conclusion refused over HTTP, identified by its event id
        DeadLetter refused = new DeadLetter(DeadLetter.Stage.HTTP, "POST /api/events", "line 1", TOWN, "outcome: 未知 / unknown",
                RejectionSubject.ofEvent(TOWN + "|mediation|m-1", "m-1-c"));
        topology.sendDeadLetter(refused, "{}", NOW);

        // When the mediation's acceptance arrives, then the conclusion fixed
        send(accepted("m-1", "2020-03-02"));
        emit();
        long beforeTheFix = count(TOWN, "2020-12", "dq.rejected");
        send(concluded("m-1", "2020-03-20", "SUCCESS", "WRITTEN"));
        emit();

        // Then only the conclusion's own event id fixed it
        assertThat(beforeTheFix).isEqualTo(1);
        assertThat(count(TOWN, "2020-12", "dq.rejected")).isZero();
    }

    @Test
    void shouldCountDeadLettersWithoutASubjectEachWhenTheyCarryTheSameText() {
        DeadLetter refused = new DeadLetter(DeadLetter.Stage.SINK, "fazhi.indicators", null, TOWN, "拒绝 / refused");
        topology.sendDeadLetter(refused, "same", NOW);
        topology.sendDeadLetter(refused, "same", NOW);

        emit();

        assertThat(count(TOWN, "2020-12", "dq.rejected")).isEqualTo(2);
    }

    /** An entity ledger's row refused at import: its subject is its mediation. */
    private static DeadLetter refusedRow(String mediationId, String row) {
        return new DeadLetter(DeadLetter.Stage.IMPORT, "人民调解台账.xlsx", row, TOWN, "受理日期：不是日期 / not a date",
                RejectionSubject.ofEntity(TOWN + "|mediation|" + mediationId));
    }

    @Test
    void shouldMatchThePinnedDescriptionWhenTheTopologyIsBuilt() throws IOException {
        Topology built = IndicatorTopology.build(IndicatorTopology.Settings.defaults().withWriteBehindStores(writeBehindStores));
        Path pinned = Path.of("src/test/resources/indicator-topology.txt");

        String described = built.describe().toString();

        if (Boolean.getBoolean("fazhi.pin.topology")) {
            Files.writeString(pinned, described);
        }
        assertThat(described)
                .as("the topology changed; renamed nodes or stores break state on upgrade. If intended, rerun with -Dfazhi.pin.topology=true")
                .isEqualTo(Files.readString(pinned));
    }

    private final SingleObjectAvroSerde<SpecificRecord> serde = SingleObjectAvroSerde.anyRecord();

    private void send(SpecificRecord event) {
        topology.send(event);
    }

    private void emit() {
        topology.emit();
    }

    private IndicatorSnapshot snapshot(String scope, String period, String indicator) {
        return topology.snapshot(scope, period, indicator);
    }

    private long count(String scope, String period, String indicator) {
        return topology.count(scope, period, indicator);
    }
}
