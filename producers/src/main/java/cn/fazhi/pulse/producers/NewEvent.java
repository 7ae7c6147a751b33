package cn.fazhi.pulse.producers;

import cn.fazhi.pulse.events.*;
import java.time.Instant;
import java.util.UUID;

/**
 * Typed builders for every event type of the catalog, with the envelope filled in: a random
 * UUID {@code event_id}, {@code occurred_at} = now and the given {@code town_code}. Set the
 * type's own fields with the builder's typed setters (enums, not strings), override
 * {@code setOccurredAt} for anything that did not happen just now, and hand the builder to
 * {@link EventPublisher#publish(org.apache.avro.data.RecordBuilder)}, which refuses it, naming
 * the field, if a required field is missing or a rule is broken.
 *
 * <p>A random {@code event_id} makes every call a new event. An office that may send the same
 * fact twice (a retry after a crash, a re-export) should set its own stable id, e.g. its
 * ledger number, so that the pipeline recognises the second copy as a duplicate.
 */
public final class NewEvent {
    private NewEvent() {}

    /** A town's reference data (名称、区县、村居数). */
    public static TownRegistered.Builder townRegistered(String townCode) {
        return TownRegistered.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** The withdrawal of an earlier event. */
    public static EventRetracted.Builder eventRetracted(String townCode) {
        return EventRetracted.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A case filed (立案). */
    public static CaseFiled.Builder caseFiled(String townCode) {
        return CaseFiled.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A hearing (开庭). */
    public static CaseHearingHeld.Builder caseHearingHeld(String townCode) {
        return CaseHearingHeld.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A judgment or reconsideration decision. */
    public static CaseJudged.Builder caseJudged(String townCode) {
        return CaseJudged.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** An appeal (上诉). */
    public static CaseAppealed.Builder caseAppealed(String townCode) {
        return CaseAppealed.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A mediation accepted (受理). */
    public static MediationAccepted.Builder mediationAccepted(String townCode) {
        return MediationAccepted.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A mediation concluded. */
    public static MediationConcluded.Builder mediationConcluded(String townCode) {
        return MediationConcluded.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A petition received (信访登记). */
    public static PetitionReceived.Builder petitionReceived(String townCode) {
        return PetitionReceived.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A petition accepted (受理). */
    public static PetitionAccepted.Builder petitionAccepted(String townCode) {
        return PetitionAccepted.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A petition closed (办结). */
    public static PetitionClosed.Builder petitionClosed(String townCode) {
        return PetitionClosed.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A law study or training session. */
    public static TrainingSessionHeld.Builder trainingSessionHeld(String townCode) {
        return TrainingSessionHeld.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** An online law exam taken. */
    public static ExamCompleted.Builder examCompleted(String townCode) {
        return ExamCompleted.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A publicity activity (普法活动). */
    public static PublicityActivityHeld.Builder publicityActivityHeld(String townCode) {
        return PublicityActivityHeld.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A legal opinion issued. */
    public static LegalOpinionIssued.Builder legalOpinionIssued(String townCode) {
        return LegalOpinionIssued.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A legal consultation. */
    public static LegalConsultationGiven.Builder legalConsultationGiven(String townCode) {
        return LegalConsultationGiven.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A village legal advisor assigned. */
    public static VillageAdvisorAssigned.Builder villageAdvisorAssigned(String townCode) {
        return VillageAdvisorAssigned.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** An administrative inspection. */
    public static InspectionConducted.Builder inspectionConducted(String townCode) {
        return InspectionConducted.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** An administrative penalty. */
    public static PenaltyImposed.Builder penaltyImposed(String townCode) {
        return PenaltyImposed.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A normative document reviewed. */
    public static NormativeDocumentReviewed.Builder normativeDocumentReviewed(String townCode) {
        return NormativeDocumentReviewed.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    /** A major administrative decision. */
    public static MajorDecisionMade.Builder majorDecisionMade(String townCode) {
        return MajorDecisionMade.newBuilder().setEventId(newId()).setTownCode(townCode).setOccurredAt(now());
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Millisecond precision, as the Avro timestamp stores it, so that a sent event equals its copy. */
    private static Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }
}
