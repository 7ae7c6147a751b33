package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.events.CaseFiled;
import cn.fazhi.pulse.events.ExamCompleted;
import cn.fazhi.pulse.events.InspectionConducted;
import cn.fazhi.pulse.events.LegalConsultationGiven;
import cn.fazhi.pulse.events.LegalOpinionIssued;
import cn.fazhi.pulse.events.MajorDecisionMade;
import cn.fazhi.pulse.events.MediationAccepted;
import cn.fazhi.pulse.events.NormativeDocumentReviewed;
import cn.fazhi.pulse.events.PenaltyImposed;
import cn.fazhi.pulse.events.PetitionReceived;
import cn.fazhi.pulse.events.PublicityActivityHeld;
import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.events.TrainingSessionHeld;
import cn.fazhi.pulse.events.VillageAdvisorAssigned;
import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.indicators.Measure;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The figures of any entity: its domain's rules, plus the data-quality figures every entity has
 * (late events; lifecycle events still waiting for their opening event, and retractions still
 * waiting for the event they withdraw), counted in the month the event arrived.
 */
public final class EntityRulebook {
    /** An event reported more than this after it happened is late (dq.late). */
    public static final Duration LATE_AFTER = Duration.ofDays(30);
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);

    private static final Map<EntityKind, Class<? extends SpecificRecord>> OPENING_EVENTS = Map.of(
            EntityKind.CASE, CaseFiled.class,
            EntityKind.MEDIATION, MediationAccepted.class,
            EntityKind.PETITION, PetitionReceived.class);

    private final Map<EntityKind, EntityRules> rules;

    private EntityRulebook(Map<EntityKind, EntityRules> rules) {
        this.rules = rules;
    }

    /** The rules of every domain of the catalog. */
    public static EntityRulebook standard() {
        Map<EntityKind, EntityRules> rules = new EnumMap<>(EntityKind.class);
        rules.put(EntityKind.MEDIATION, new MediationRules());
        rules.put(EntityKind.PETITION, new PetitionRules());
        rules.put(EntityKind.CASE, new CaseRules());
        rules.put(EntityKind.TRAINING_SESSION, new SingleEventRules<>(TrainingSessionHeld.class, e -> Measures.builder()
                .count(Measure.TRAINING_SESSIONS)
                .count(Measure.TRAINING_SESSIONS_PREFIX + e.getTrainingKind())
                .add(Measure.TRAINING_HOURS, hundredths(e.getHours()))
                .add(Measure.TRAINING_ATTENDED, e.getAttended())
                .add(Measure.TRAINING_INVITED, e.getInvited())
                .build()));
        rules.put(EntityKind.EXAM, new SingleEventRules<>(ExamCompleted.class, e -> Measures.builder()
                .count(Measure.EXAM_TAKERS)
                .add(Measure.EXAM_SCORE_TOTAL, hundredths(e.getScore()))
                .countIf(e.getScore().compareTo(SIXTY) >= 0, Measure.EXAM_PASSED)
                .build()));
        rules.put(EntityKind.PUBLICITY_ACTIVITY, new SingleEventRules<>(PublicityActivityHeld.class, e -> Measures.builder()
                .count(Measure.PUBLICITY_ACTIVITIES)
                .add(Measure.PUBLICITY_MATERIALS, e.getMaterialsDistributed())
                .add(Measure.PUBLICITY_CONSULTATIONS, e.getConsultations())
                .build()));
        rules.put(EntityKind.LEGAL_OPINION, new SingleEventRules<>(LegalOpinionIssued.class,
                e -> Measures.builder().count(Measure.LEGAL_OPINIONS).build()));
        rules.put(EntityKind.LEGAL_CONSULTATION, new SingleEventRules<>(LegalConsultationGiven.class,
                e -> Measures.builder().add(Measure.LEGAL_CONSULTATIONS, e.getPeople()).build()));
        rules.put(EntityKind.INSPECTION, new SingleEventRules<>(InspectionConducted.class,
                e -> Measures.builder().count(Measure.ENFORCEMENT_INSPECTIONS).build()));
        rules.put(EntityKind.PENALTY, new SingleEventRules<>(PenaltyImposed.class, e -> Measures.builder()
                .count(Measure.ENFORCEMENT_PENALTIES)
                .count(Measure.ENFORCEMENT_PENALTIES_PREFIX + e.getCategory())
                .add(Measure.ENFORCEMENT_FINES, hundredths(e.getFineYuan()))
                .build()));
        rules.put(EntityKind.NORMATIVE_DOCUMENT, new SingleEventRules<>(NormativeDocumentReviewed.class, e -> Measures.builder()
                .count(Measure.RULEMAKING_DOCUMENTS)
                .add(Measure.RULEMAKING_REVIEW_DAYS, e.getReviewDays())
                .build()));
        rules.put(EntityKind.MAJOR_DECISION, new SingleEventRules<>(MajorDecisionMade.class, e -> Measures.builder()
                .count(Measure.DECISIONS_MAJOR)
                .countIf(e.getLegalityReviewed(), Measure.DECISIONS_LEGALITY_REVIEWED)
                .build()));
        rules.put(EntityKind.VILLAGE_ADVISOR, new StateChangeRules<>(VillageAdvisorAssigned.class,
                Measure.COVERAGE_VILLAGES_COVERED, e -> e.getActive() ? 1 : 0));
        rules.put(EntityKind.TOWN, new StateChangeRules<>(TownRegistered.class,
                Measure.COVERAGE_VILLAGES, e -> e.getVillages() == null ? 0 : e.getVillages()));
        return new EntityRulebook(rules);
    }

    public Contribution contribute(EntityKind kind, EntityFacts facts) {
        List<Fact> live = facts.live();
        Contribution domain = rules.containsKey(kind) ? rules.get(kind).contribute(live) : Contribution.NONE;
        return domain.plus(dataQuality(kind, live, facts.waitingRetractions()));
    }

    /** Amounts (yuan, hours, points) are summed in hundredths, so sums are exact. */
    static long hundredths(BigDecimal amount) {
        return amount.movePointRight(2).longValueExact();
    }

    private static Contribution dataQuality(EntityKind kind, List<Fact> live, List<Fact> waitingRetractions) {
        Contribution.Builder dq = Contribution.builder();
        Class<? extends SpecificRecord> opening = OPENING_EVENTS.get(kind);
        boolean waiting = opening != null && live.stream().noneMatch(f -> opening.isInstance(f.event()));
        for (Fact fact : live) {
            boolean late = Duration.between(fact.occurredAt(), fact.arrivedAt()).compareTo(LATE_AFTER) > 0;
            dq.add(Bucket.of(fact.townCode(), fact.arrivedAt()), Measures.builder()
                    .countIf(late, Measure.DQ_LATE)
                    .countIf(waiting, Measure.DQ_ORPHANED)
                    .build());
        }
        for (Fact retraction : waitingRetractions) {
            dq.add(Bucket.of(retraction.townCode(), retraction.arrivedAt()), Measures.builder().count(Measure.DQ_ORPHANED).build());
        }
        return dq.build();
    }
}
