package cn.fazhi.pulse.producers;

import cn.fazhi.pulse.events.*;
import cn.fazhi.pulse.schemas.EventType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One valid, typical event of every type, for 杨柳青镇 on 2024-03-05: the example row of the
 * import template and the events the client's tests send through a real broker.
 */
public final class ExampleEvents {
    public static final String TOWN = "120111101000";
    private static final Instant WHEN = Instant.parse("2024-03-05T02:00:00Z");

    private ExampleEvents() {}

    /** Every type's example, in catalog order. */
    public static Map<EventType, SpecificRecord> all() {
        Map<EventType, SpecificRecord> examples = new EnumMap<>(EventType.class);
        put(examples, NewEvent.townRegistered(TOWN).setName("杨柳青镇").setDistrict("西青区").setCity("天津市")
                .setLevel(TownLevel.TOWN).setVillages(35).setMediationCommittees(36).build());
        put(examples, NewEvent.eventRetracted(TOWN).setRetractedEventId("yl-m-0001-a")
                .setRetractedType("MediationAccepted").setEntityId("m-0001").build());
        put(examples, NewEvent.caseFiled(TOWN).setCaseId("(2024)津0111民初100号").setCaseKind(CaseKind.CIVIL).build());
        put(examples, NewEvent.caseHearingHeld(TOWN).setCaseId("(2024)津0111民初100号").setLeaderAppeared(true).build());
        put(examples, NewEvent.caseJudged(TOWN).setCaseId("(2024)津0111民初100号").setInstance(Instance.FIRST)
                .setOutcome(CaseOutcome.WON).build());
        put(examples, NewEvent.caseAppealed(TOWN).setCaseId("(2024)津0111民初100号").build());
        put(examples, NewEvent.mediationAccepted(TOWN).setMediationId("m-0001").setDisputeType(DisputeType.NEIGHBOR)
                .setCommitteeId("杨柳青镇人民调解委员会").build());
        put(examples, NewEvent.mediationConcluded(TOWN).setMediationId("m-0001").setOutcome(MediationOutcome.SUCCESS)
                .setAgreementForm(AgreementForm.WRITTEN).setEscalatedToCriminal(false).build());
        put(examples, NewEvent.petitionReceived(TOWN).setPetitionId("p-0001").setCategory(PetitionCategory.INITIAL)
                .setChannel(PetitionChannel.VISIT).build());
        put(examples, NewEvent.petitionAccepted(TOWN).setPetitionId("p-0001").build());
        put(examples, NewEvent.petitionClosed(TOWN).setPetitionId("p-0001").setResolved(true)
                .setSatisfaction(Satisfaction.SATISFIED).build());
        put(examples, NewEvent.trainingSessionHeld(TOWN).setSessionId("t-0001").setTrainingKind(TrainingKind.COLLECTIVE_STUDY)
                .setHours(new BigDecimal("2.50")).setInvited(40).setAttended(38).setTopic("民法典").build());
        put(examples, NewEvent.examCompleted(TOWN).setExamId("e-2024").setPersonRef("a1b2c3").setScore(new BigDecimal("92.50")).build());
        put(examples, NewEvent.publicityActivityHeld(TOWN).setActivityId("a-0001").setActivityKind(ActivityKind.CAMPAIGN)
                .setMaterialsDistributed(500).setConsultations(30).setAudience(300).build());
        put(examples, NewEvent.legalOpinionIssued(TOWN).setOpinionId("o-0001").setSubject(OpinionSubject.CONTRACT).build());
        put(examples, NewEvent.legalConsultationGiven(TOWN).setConsultationId("c-0001").setPeople(2).build());
        put(examples, NewEvent.villageAdvisorAssigned(TOWN).setVillageCode("120111101201").setAdvisorRef("adv-01").setActive(true).build());
        put(examples, NewEvent.inspectionConducted(TOWN).setInspectionId("i-0001").setDomain(InspectionDomain.GAS_SAFETY).build());
        put(examples, NewEvent.penaltyImposed(TOWN).setPenaltyId("f-0001").setCategory(PenaltyCategory.ILLEGAL_BURNING)
                .setFineYuan(new BigDecimal("200.00")).build());
        put(examples, NewEvent.normativeDocumentReviewed(TOWN).setDocumentId("d-0001").setReviewDays(5).setLawful(true).build());
        put(examples, NewEvent.majorDecisionMade(TOWN).setDecisionId("j-0001").setLegalityReviewed(true).setExpertConsulted(true)
                .setRiskAssessed(true).setCollectivelyDecided(true).setPublicCommentDays(30).build());
        return examples;
    }

    /** Fixed ids and time, so the template and the tests are the same on every run. */
    private static void put(Map<EventType, SpecificRecord> examples, SpecificRecord event) {
        EventType type = EventType.of(event);
        event.put(event.getSchema().getField("event_id").pos(), "example-" + type.typeName());
        event.put(event.getSchema().getField("occurred_at").pos(), WHEN);
        examples.put(type, event);
    }
}
