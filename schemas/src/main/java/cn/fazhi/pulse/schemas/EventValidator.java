package cn.fazhi.pulse.schemas;

import cn.fazhi.pulse.events.*;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rules of events.md that a well-typed record can still break (the JSON codec and the Avro
 * schema already guarantee types, required fields and enum values). Used at import, by the Java
 * client before sending, and again in the topology, so that the same record is judged the same
 * way wherever it enters.
 */
public final class EventValidator {
    public static final int MAX_ID_LENGTH = 128;
    /** Clocks of offices differ; more than this in the future is a mistake, not skew. */
    public static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private EventValidator() {}

    /** Every violation of the record, empty when it is valid; {@code now} bounds {@code occurred_at}. */
    public static List<Violation> validate(SpecificRecord event, Instant now) {
        Checks checks = new Checks();
        checks.id("event_id", Events.eventId(event));
        checks.divisionCode("town_code", Events.townCode(event));
        Instant occurredAt = Events.occurredAt(event);
        if (occurredAt.isAfter(now.plus(FUTURE_TOLERANCE))) {
            checks.fail("occurred_at", "时间晚于当前时间一天以上：" + occurredAt, "more than one day in the future: " + occurredAt);
        }
        if (event instanceof TownRegistered e) {
            checks.text("name", e.getName());
            checks.text("district", e.getDistrict());
            checks.text("city", e.getCity());
            checks.nonNegative("villages", e.getVillages());
            checks.nonNegative("mediation_committees", e.getMediationCommittees());
        } else if (event instanceof EventRetracted e) {
            checks.id("retracted_event_id", e.getRetractedEventId());
            checks.id("entity_id", e.getEntityId());
            boolean retractable = EventType.byName(e.getRetractedType())
                    .filter(t -> t != EventType.EVENT_RETRACTED)
                    .isPresent();
            if (!retractable) {
                checks.fail("retracted_type", "不是可撤回的事件类型：" + e.getRetractedType(), "not an event type that can be retracted: " + e.getRetractedType());
            }
        } else if (event instanceof CaseFiled e) {
            checks.id("case_id", e.getCaseId());
        } else if (event instanceof CaseHearingHeld e) {
            checks.id("case_id", e.getCaseId());
        } else if (event instanceof CaseJudged e) {
            checks.id("case_id", e.getCaseId());
            if (e.getOutcome() == CaseOutcome.REMANDED && e.getInstance() != Instance.SECOND) {
                checks.fail("outcome", "发回重审只能是二审结果", "REMANDED is a second-instance outcome only");
            }
        } else if (event instanceof CaseAppealed e) {
            checks.id("case_id", e.getCaseId());
        } else if (event instanceof MediationAccepted e) {
            checks.id("mediation_id", e.getMediationId());
        } else if (event instanceof MediationConcluded e) {
            checks.id("mediation_id", e.getMediationId());
            if (e.getOutcome() == MediationOutcome.SUCCESS && e.getAgreementForm() == null) {
                checks.fail("agreement_form", "调解成功时必须填写协议形式(WRITTEN/ORAL)", "required when outcome is SUCCESS (WRITTEN or ORAL)");
            }
        } else if (event instanceof PetitionReceived e) {
            checks.id("petition_id", e.getPetitionId());
        } else if (event instanceof PetitionAccepted e) {
            checks.id("petition_id", e.getPetitionId());
        } else if (event instanceof PetitionClosed e) {
            checks.id("petition_id", e.getPetitionId());
        } else if (event instanceof TrainingSessionHeld e) {
            checks.id("session_id", e.getSessionId());
            checks.nonNegative("hours", e.getHours());
            checks.nonNegative("invited", e.getInvited());
            checks.nonNegative("attended", e.getAttended());
            if (e.getAttended() > e.getInvited()) {
                checks.fail("attended", "实参学人数 " + e.getAttended() + " 大于应参学人数 " + e.getInvited(),
                        "attended " + e.getAttended() + " is greater than invited " + e.getInvited());
            }
        } else if (event instanceof ExamCompleted e) {
            checks.id("exam_id", e.getExamId());
            checks.id("person_ref", e.getPersonRef());
            if (e.getScore().signum() < 0 || e.getScore().compareTo(BigDecimal.valueOf(100)) > 0) {
                checks.fail("score", "成绩须在 0 到 100 之间：" + e.getScore().toPlainString(), "must be between 0 and 100: " + e.getScore().toPlainString());
            }
        } else if (event instanceof PublicityActivityHeld e) {
            checks.id("activity_id", e.getActivityId());
            checks.nonNegative("materials_distributed", e.getMaterialsDistributed());
            checks.nonNegative("consultations", e.getConsultations());
            checks.nonNegative("audience", e.getAudience());
        } else if (event instanceof LegalOpinionIssued e) {
            checks.id("opinion_id", e.getOpinionId());
        } else if (event instanceof LegalConsultationGiven e) {
            checks.id("consultation_id", e.getConsultationId());
            if (e.getPeople() < 1) {
                checks.fail("people", "人次至少为 1：" + e.getPeople(), "must be at least 1: " + e.getPeople());
            }
        } else if (event instanceof VillageAdvisorAssigned e) {
            checks.divisionCode("village_code", e.getVillageCode());
            checks.id("advisor_ref", e.getAdvisorRef());
        } else if (event instanceof InspectionConducted e) {
            checks.id("inspection_id", e.getInspectionId());
        } else if (event instanceof PenaltyImposed e) {
            checks.id("penalty_id", e.getPenaltyId());
            checks.nonNegative("fine_yuan", e.getFineYuan());
        } else if (event instanceof NormativeDocumentReviewed e) {
            checks.id("document_id", e.getDocumentId());
            checks.nonNegative("review_days", e.getReviewDays());
        } else if (event instanceof MajorDecisionMade e) {
            checks.id("decision_id", e.getDecisionId());
            checks.nonNegative("public_comment_days", e.getPublicCommentDays());
        } else {
            checks.fail("type", "未知的事件类型：" + event.getSchema().getName(), "unknown event type: " + event.getSchema().getName());
        }

        return checks.violations;
    }

    private static final class Checks {
        final List<Violation> violations = new ArrayList<>();

        void fail(String field, String zh, String en) {
            violations.add(Violation.of(field, zh, en));
        }

        void id(String field, String value) {
            if (value == null || value.isBlank()) {
                fail(field, "不能为空", "must not be empty");
            } else if (value.length() > MAX_ID_LENGTH) {
                fail(field, "长度 " + value.length() + " 超过 " + MAX_ID_LENGTH + " 个字符", "is " + value.length() + " characters long, more than " + MAX_ID_LENGTH);
            }
        }

        void text(String field, String value) {
            if (value == null || value.isBlank()) {
                fail(field, "不能为空", "must not be empty");
            }
        }

        void divisionCode(String field, String value) {
            if (!TownCode.isValid(value)) {
                fail(field, "须为12位数字的统计用区划代码：" + value, "must be a 12-digit statistical division code: " + value);
            }
        }

        void nonNegative(String field, Integer value) {
            if (value != null && value < 0) {
                fail(field, "不能为负数：" + value, "must not be negative: " + value);
            }
        }

        void nonNegative(String field, BigDecimal value) {
            if (value != null && value.signum() < 0) {
                fail(field, "不能为负数：" + value.toPlainString(), "must not be negative: " + value.toPlainString());
            }
        }
    }
}
