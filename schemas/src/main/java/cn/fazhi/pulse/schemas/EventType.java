package cn.fazhi.pulse.schemas;

import cn.fazhi.pulse.events.*;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The event catalog of events.md: each type's Avro class, the entity it belongs to and the field
 * that holds that entity's id.
 */
public enum EventType {
    TOWN_REGISTERED(TownRegistered.class, TownRegistered.getClassSchema(), EntityKind.TOWN, "town_code"),
    /** Belongs to the entity of the event it retracts; see {@link #entityKind(SpecificRecord)}. */
    EVENT_RETRACTED(EventRetracted.class, EventRetracted.getClassSchema(), null, "entity_id"),
    CASE_FILED(CaseFiled.class, CaseFiled.getClassSchema(), EntityKind.CASE, "case_id"),
    CASE_HEARING_HELD(CaseHearingHeld.class, CaseHearingHeld.getClassSchema(), EntityKind.CASE, "case_id"),
    CASE_JUDGED(CaseJudged.class, CaseJudged.getClassSchema(), EntityKind.CASE, "case_id"),
    CASE_APPEALED(CaseAppealed.class, CaseAppealed.getClassSchema(), EntityKind.CASE, "case_id"),
    MEDIATION_ACCEPTED(MediationAccepted.class, MediationAccepted.getClassSchema(), EntityKind.MEDIATION, "mediation_id"),
    MEDIATION_CONCLUDED(MediationConcluded.class, MediationConcluded.getClassSchema(), EntityKind.MEDIATION, "mediation_id"),
    PETITION_RECEIVED(PetitionReceived.class, PetitionReceived.getClassSchema(), EntityKind.PETITION, "petition_id"),
    PETITION_ACCEPTED(PetitionAccepted.class, PetitionAccepted.getClassSchema(), EntityKind.PETITION, "petition_id"),
    PETITION_CLOSED(PetitionClosed.class, PetitionClosed.getClassSchema(), EntityKind.PETITION, "petition_id"),
    TRAINING_SESSION_HELD(TrainingSessionHeld.class, TrainingSessionHeld.getClassSchema(), EntityKind.TRAINING_SESSION, "session_id"),
    EXAM_COMPLETED(ExamCompleted.class, ExamCompleted.getClassSchema(), EntityKind.EXAM, "exam_id"),
    PUBLICITY_ACTIVITY_HELD(PublicityActivityHeld.class, PublicityActivityHeld.getClassSchema(), EntityKind.PUBLICITY_ACTIVITY, "activity_id"),
    LEGAL_OPINION_ISSUED(LegalOpinionIssued.class, LegalOpinionIssued.getClassSchema(), EntityKind.LEGAL_OPINION, "opinion_id"),
    LEGAL_CONSULTATION_GIVEN(LegalConsultationGiven.class, LegalConsultationGiven.getClassSchema(), EntityKind.LEGAL_CONSULTATION, "consultation_id"),
    VILLAGE_ADVISOR_ASSIGNED(VillageAdvisorAssigned.class, VillageAdvisorAssigned.getClassSchema(), EntityKind.VILLAGE_ADVISOR, "village_code"),
    INSPECTION_CONDUCTED(InspectionConducted.class, InspectionConducted.getClassSchema(), EntityKind.INSPECTION, "inspection_id"),
    PENALTY_IMPOSED(PenaltyImposed.class, PenaltyImposed.getClassSchema(), EntityKind.PENALTY, "penalty_id"),
    NORMATIVE_DOCUMENT_REVIEWED(NormativeDocumentReviewed.class, NormativeDocumentReviewed.getClassSchema(), EntityKind.NORMATIVE_DOCUMENT, "document_id"),
    MAJOR_DECISION_MADE(MajorDecisionMade.class, MajorDecisionMade.getClassSchema(), EntityKind.MAJOR_DECISION, "decision_id");

    private static final Map<String, EventType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));

    private final Class<? extends SpecificRecord> recordClass;
    private final Schema schema;
    private final EntityKind entityKind;
    private final String idField;

    EventType(Class<? extends SpecificRecord> recordClass, Schema schema, EntityKind entityKind, String idField) {
        this.recordClass = recordClass;
        this.schema = schema;
        this.entityKind = entityKind;
        this.idField = idField;
    }

    /** The name used in JSON's {@code type} field and as the Avro record name, e.g. {@code MediationAccepted}. */
    public String typeName() {
        return schema.getName();
    }

    public Schema schema() {
        return schema;
    }

    public Class<? extends SpecificRecord> recordClass() {
        return recordClass;
    }

    /** The field naming the entity, e.g. {@code mediation_id}. */
    public String idField() {
        return idField;
    }

    public static Optional<EventType> byName(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }

    public static EventType of(SpecificRecord event) {
        EventType type = BY_NAME.get(event.getSchema().getName());
        if (type == null) {
            throw new IllegalArgumentException("not an event of the catalog: " + event.getSchema().getFullName());
        }
        return type;
    }

    /**
     * The entity an event belongs to. A retraction belongs to the entity of the event it
     * withdraws, so that it reaches that entity's state; empty when it names an unknown type.
     */
    public static Optional<EntityKind> entityKind(SpecificRecord event) {
        EventType type = of(event);
        if (type != EVENT_RETRACTED) {
            return Optional.of(type.entityKind);
        }
        return byName(((EventRetracted) event).getRetractedType())
                .filter(t -> t != EVENT_RETRACTED)
                .map(t -> t.entityKind);
    }

    /** The kind of entity for every type but {@link #EVENT_RETRACTED}, whose kind depends on what it retracts. */
    public Optional<EntityKind> entityKind() {
        return Optional.ofNullable(entityKind);
    }
}
