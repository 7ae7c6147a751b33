package cn.fazhi.pulse.schemas.indicators;

/**
 * Names of the additive figures the pipeline sums per town and month. Each indicator of the
 * catalog is one of them, or the ratio of two. Amounts (yuan, hours, points) are held in
 * hundredths so that sums stay exact.
 */
public final class Measure {
    private Measure() {}

    public static final String MEDIATION_ACCEPTED = "mediation.accepted";
    public static final String MEDIATION_SUCCEEDED = "mediation.succeeded";
    public static final String MEDIATION_FAILED = "mediation.failed";
    public static final String MEDIATION_PENDING = "mediation.pending";
    public static final String MEDIATION_WRITTEN = "mediation.written_agreements";
    public static final String MEDIATION_ORAL = "mediation.oral_agreements";
    public static final String MEDIATION_ESCALATED = "mediation.escalated_to_criminal";
    public static final String MEDIATION_DISPUTE_PREFIX = "mediation.dispute.";

    public static final String PETITION_RECEIVED = "petition.received";
    public static final String PETITION_ACCEPTED_ON_TIME = "petition.accepted_on_time";
    public static final String PETITION_CLOSED = "petition.closed";
    public static final String PETITION_CLOSED_ON_TIME = "petition.closed_on_time";
    public static final String PETITION_SATISFIED = "petition.satisfied";
    public static final String PETITION_RATED = "petition.rated";
    public static final String PETITION_INITIAL_RECEIVED = "petition.initial_received";
    public static final String PETITION_INITIAL_RESOLVED = "petition.initial_resolved";
    public static final String PETITION_BACKLOG_RECEIVED = "petition.backlog_received";
    public static final String PETITION_BACKLOG_RESOLVED = "petition.backlog_resolved";
    public static final String PETITION_CLOSED_IN_PERIOD = "petition.closed_in_period";

    public static final String CASE_CIVIL_FILED = "case.civil.filed";
    public static final String CASE_CIVIL_WON = "case.civil.won";
    public static final String CASE_CIVIL_MEDIATED = "case.civil.mediated";
    public static final String CASE_ADMIN_FILED = "case.admin.filed";
    public static final String CASE_ADMIN_WON_FIRST = "case.admin.won_first";
    public static final String CASE_ADMIN_PENDING_FIRST = "case.admin.pending_first";
    public static final String CASE_ADMIN_APPEALED = "case.admin.appealed";
    public static final String CASE_ADMIN_WON_SECOND = "case.admin.won_second";
    public static final String CASE_ADMIN_PENDING_SECOND = "case.admin.pending_second";
    public static final String CASE_ADMIN_REMANDED = "case.admin.remanded";
    public static final String CASE_ADMIN_LOST_LATEST = "case.admin.lost_latest";
    public static final String CASE_ADMIN_JUDGED = "case.admin.judged";
    public static final String CASE_ADMIN_PRIOR_APPEALS = "case.admin.prior_appeals";
    public static final String CASE_ADMIN_PRIOR_REMANDED = "case.admin.prior_remanded";
    public static final String CASE_ADMIN_PRIOR_PENDING_SECOND = "case.admin.prior_pending_second";
    public static final String CASE_RECONSIDERATION_FILED = "case.reconsideration.filed";
    public static final String CASE_RECONSIDERATION_CORRECTED = "case.reconsideration.corrected";
    public static final String CASE_RECONSIDERATION_DECIDED = "case.reconsideration.decided";
    public static final String CASE_HEARINGS = "case.hearings";
    public static final String CASE_HEARINGS_WITH_LEADER = "case.hearings_with_leader";

    public static final String TRAINING_SESSIONS = "training.sessions";
    public static final String TRAINING_SESSIONS_PREFIX = "training.sessions.";
    public static final String TRAINING_HOURS = "training.hours";
    public static final String TRAINING_ATTENDED = "training.attended";
    public static final String TRAINING_INVITED = "training.invited";
    public static final String EXAM_TAKERS = "exam.takers";
    public static final String EXAM_SCORE_TOTAL = "exam.score_total";
    public static final String EXAM_PASSED = "exam.passed";
    public static final String PUBLICITY_ACTIVITIES = "publicity.activities";
    public static final String PUBLICITY_MATERIALS = "publicity.materials";
    public static final String PUBLICITY_CONSULTATIONS = "publicity.consultations";

    public static final String LEGAL_OPINIONS = "legal.opinions";
    public static final String LEGAL_CONSULTATIONS = "legal.consultations";
    /** Net change of villages with an active legal advisor (a state, published as its changes). */
    public static final String COVERAGE_VILLAGES_COVERED = "coverage.villages_covered";
    /** Net change of the town's registered villages. */
    public static final String COVERAGE_VILLAGES = "coverage.villages";
    public static final String ENFORCEMENT_INSPECTIONS = "enforcement.inspections";
    public static final String ENFORCEMENT_PENALTIES = "enforcement.penalties";
    public static final String ENFORCEMENT_PENALTIES_PREFIX = "enforcement.penalties.";
    public static final String ENFORCEMENT_FINES = "enforcement.fines_yuan";
    public static final String RULEMAKING_DOCUMENTS = "rulemaking.documents_reviewed";
    public static final String RULEMAKING_REVIEW_DAYS = "rulemaking.review_days_total";
    public static final String DECISIONS_MAJOR = "decisions.major";
    public static final String DECISIONS_LEGALITY_REVIEWED = "decisions.legality_reviewed";

    public static final String DQ_REJECTED = "dq.rejected";
    public static final String DQ_LATE = "dq.late";
    public static final String DQ_ORPHANED = "dq.orphaned";
}
