package cn.fazhi.pulse.streams.topology;

import static cn.fazhi.pulse.streams.TestEvents.TOWN;
import static cn.fazhi.pulse.streams.TestEvents.accepted;
import static cn.fazhi.pulse.streams.TestEvents.concluded;
import static cn.fazhi.pulse.streams.TestEvents.retraction;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.evidence.EvidenceAmount;
import cn.fazhi.pulse.evidence.EvidenceEvent;
import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.RejectionSubject;
import cn.fazhi.pulse.streams.TestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence the topology publishes on fazhi.evidence: what each entity adds, as it stands. */
class EvidenceTopologyTest {
    private static final Instant NOW = Instant.parse("2020-12-31T00:00:00Z");
    private static final String MEDIATION = TOWN + "|mediation|m-1";

    @TempDir
    Path stateDir;
    private TopologyHarness topology;

    @BeforeEach
    void startDriver() {
        topology = new TopologyHarness(stateDir, NOW);
    }

    @AfterEach
    void closeDriver() {
        topology.close();
    }

    @Test
    void shouldPublishTheEntitysContributionStateAndEventsWhenItChanges() {
        topology.send(accepted("m-1", "2020-03-02"));
        topology.send(concluded("m-1", "2020-03-20", "SUCCESS", "WRITTEN"));

        topology.emit();

        EntityEvidence evidence = topology.evidence().get(MEDIATION);
        assertThat(evidence.getTownCode()).isEqualTo(TOWN);
        assertThat(evidence.getKind()).isEqualTo("MEDIATION");
        assertThat(evidence.getEntityId()).isEqualTo("m-1");
        assertThat(evidence.getState()).isEqualTo("SUCCESS");
        assertThat(evidence.getOpenedAt()).isEqualTo(Instant.parse("2020-03-01T16:00:00Z"));
        assertThat(evidence.getClosedAt()).isEqualTo(Instant.parse("2020-03-19T16:00:00Z"));
        assertThat(amounts(evidence)).containsEntry("2020-03 mediation.accepted", 1L)
                .containsEntry("2020-03 mediation.succeeded", 1L)
                .containsEntry("2020-03 mediation.written_agreements", 1L)
                .doesNotContainKey("2020-03 mediation.pending");
        assertThat(evidence.getEvents()).extracting(EvidenceEvent::getType).containsExactly("MediationAccepted", "MediationConcluded");
        assertThat(evidence.getEvents()).extracting(EvidenceEvent::getArrivedAt).containsOnly(NOW);
    }

    @Test
    void shouldPublishAnEntitysEvidenceWithEveryEventThatChangesIt() {
        topology.send(accepted("m-1", "2020-03-02"));
        topology.send(concluded("m-1", "2020-03-20", "SUCCESS", "WRITTEN"));
        topology.send(accepted("m-2", "2020-03-03"));

        topology.emit();

        // the newest record of a key is its evidence: the compacted topic keeps that one
        assertThat(topology.evidenceKeysPublished()).containsExactly(MEDIATION, MEDIATION, TOWN + "|mediation|m-2");
    }

    @Test
    void shouldPublishNothingWhenAnEventArrivesTwice() {
        topology.send(accepted("m-1", "2020-03-02"));
        topology.emit();

        topology.send(accepted("m-1", "2020-03-02"));
        topology.emit();

        assertThat(topology.evidenceKeysPublished()).containsExactly(MEDIATION);
    }

    @Test
    void shouldShowTheNewVersionAndSaySoWhenAnEventIsCorrected() {
        topology.send(accepted("m-1", "2020-03-02"));
        topology.send(concluded("m-1", "2020-03-20", "SUCCESS", "ORAL"));
        topology.emit();

        topology.send(concluded("m-1", "2020-03-20", "FAILED", null));
        topology.emit();

        EntityEvidence evidence = topology.evidence().get(MEDIATION);
        assertThat(evidence.getState()).isEqualTo("FAILED");
        assertThat(amounts(evidence)).containsEntry("2020-03 mediation.failed", 1L).doesNotContainKey("2020-03 mediation.succeeded");
        assertThat(evidence.getEvents()).filteredOn(e -> e.getEventId().equals("m-1-c"))
                .singleElement().extracting(EvidenceEvent::getCorrected).isEqualTo(true);
        assertThat(evidence.getEvents()).filteredOn(e -> e.getEventId().equals("m-1-a"))
                .singleElement().extracting(EvidenceEvent::getCorrected).isEqualTo(false);
    }

    @Test
    void shouldLeaveNothingToAddAndMarkTheEventWhenItsOpeningIsRetracted() {
        topology.send(accepted("m-1", "2020-03-02"));
        topology.emit();

        topology.send(retraction("m-1-a", "MediationAccepted", "m-1", "2020-03-05"));
        topology.emit();

        EntityEvidence evidence = topology.evidence().get(MEDIATION);
        assertThat(evidence.getState()).isEqualTo("RETRACTED");
        assertThat(evidence.getAmounts()).isEmpty();
        assertThat(evidence.getEvents()).filteredOn(e -> e.getEventId().equals("m-1-a"))
                .singleElement().extracting(EvidenceEvent::getRetracted).isEqualTo(true);
    }

    @Test
    void shouldCountAWaitingConclusionInItsArrivalMonthWhenItsAcceptanceHasNotArrived() {
        topology.send(concluded("m-1", "2020-03-20", "SUCCESS", "ORAL"));

        topology.emit();

        EntityEvidence evidence = topology.evidence().get(MEDIATION);
        assertThat(evidence.getState()).isEqualTo("WAITING");
        assertThat(amounts(evidence)).containsExactly(Map.entry("2020-12 dq.late", 1L), Map.entry("2020-12 dq.orphaned", 1L));
    }

    @Test
    void shouldRecordTheSubmitterWhenIngestAddedTheHeader() {
        topology.sendSubmitted(accepted("m-1", "2020-12-02"), NOW, "account-17");

        topology.emit();

        assertThat(topology.evidence().get(MEDIATION).getEvents()).extracting(EvidenceEvent::getSubmitter).containsExactly("account-17");
    }

    @Test
    void shouldPublishOneItemPerDeadLetterKeyedByItsPositionWhenRecordsAreRejected() {
        topology.sendRaw(EventTopic.MEDIATIONS.topicName(), "k", "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8), NOW);
        topology.sendRaw(EventTopic.MEDIATIONS.topicName(), "k", "nor this".getBytes(StandardCharsets.UTF_8), NOW);

        topology.emit();

        assertThat(topology.evidence()).containsKeys("fazhi.dlq|0|0", "fazhi.dlq|0|1");
        EntityEvidence rejected = topology.evidence().get("fazhi.dlq|0|0");
        assertThat(rejected.getKind()).isEqualTo("REJECTED");
        assertThat(rejected.getTownCode()).isEqualTo("000000000000");
        assertThat(amounts(rejected)).containsExactly(Map.entry("2020-12 dq.rejected", 1L));
        assertThat(topology.count("000000000000", "2020-12", "dq.rejected")).isEqualTo(2);
    }

    @Test
    void shouldPublishOneItemPerBadRowAndTakeItOutOfTheListWhenTheRowArrivesFixed() {
        // Given one ledger row refused twice
        DeadLetter refused = new DeadLetter(DeadLetter.Stage.IMPORT, "人民调解台账.xlsx", "row 5", TOWN, "受理日期：不是日期 / not a date",
                RejectionSubject.ofEntity(TOWN + "|mediation|m-9"));
        topology.sendDeadLetter(refused, "m-9", NOW);
        topology.sendDeadLetter(refused, "m-9", NOW);
        topology.emit();
        Map<String, EntityEvidence> whileRefused = Map.copyOf(topology.evidence());

        // When the row arrives fixed
        topology.send(TestEvents.accepted("m-9", "2020-03-02"));
        topology.emit();

        // Then while it was refused, one item of one; once fixed, the item adds nothing (so no list holds it)
        assertThat(whileRefused.keySet()).containsExactly("fazhi.dlq|0|0");
        assertThat(amounts(whileRefused.get("fazhi.dlq|0|0"))).containsExactly(Map.entry("2020-12 dq.rejected", 1L));
        EntityEvidence fixed = topology.evidence().get("fazhi.dlq|0|0");
        assertThat(fixed.getState()).isEqualTo("FIXED");
        assertThat(fixed.getAmounts()).isEmpty();
        assertThat(topology.count(TOWN, "2020-12", "dq.rejected")).isZero();
    }

    private static Map<String, Long> amounts(EntityEvidence evidence) {
        Map<String, Long> amounts = new TreeMap<>();
        for (EvidenceAmount a : evidence.getAmounts()) {
            amounts.merge(a.getMonth() + " " + a.getMeasure(), a.getAmount(), Long::sum);
        }
        return amounts;
    }
}
