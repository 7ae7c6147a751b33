package cn.fazhi.pulse.schemas.indicators;

/**
 * Ids of the catalog's indicators that divide one measure by another: rates, averages and the
 * advisor coverage. A count is named by its {@link Measure}. Code that picks indicators out
 * (the report, the demo's summary) uses these constants, so that renaming an indicator breaks the
 * build rather than silently dropping it from a report.
 */
public final class Ratio {
    private Ratio() {}

    public static final String MEDIATION_SUCCESS_RATE = "mediation.success_rate";

    public static final String PETITION_ACCEPTED_ON_TIME_RATE = "petition.accepted_on_time_rate";
    public static final String PETITION_CLOSURE_RATE = "petition.closure_rate";
    public static final String PETITION_CLOSED_ON_TIME_RATE = "petition.closed_on_time_rate";
    public static final String PETITION_SATISFACTION_RATE = "petition.satisfaction_rate";
    public static final String PETITION_INITIAL_RESOLUTION_RATE = "petition.initial_resolution_rate";
    public static final String PETITION_BACKLOG_RESOLUTION_RATE = "petition.backlog_resolution_rate";

    public static final String CASE_ADMIN_LOSS_RATE = "case.admin.loss_rate";
    public static final String CASE_RECONSIDERATION_CORRECTION_RATE = "case.reconsideration.correction_rate";
    public static final String CASE_LEADER_APPEARANCE_RATE = "case.leader_appearance_rate";

    public static final String TRAINING_PARTICIPATION_RATE = "training.participation_rate";
    public static final String EXAM_AVERAGE_SCORE = "exam.average_score";
    public static final String EXAM_PASS_RATE = "exam.pass_rate";

    public static final String LEGAL_VILLAGE_ADVISOR_COVERAGE = "legal.village_advisor_coverage";
    public static final String RULEMAKING_REVIEW_DAYS_AVG = "rulemaking.review_days_avg";
    public static final String DECISIONS_LEGALITY_REVIEW_RATE = "decisions.legality_review_rate";
}
