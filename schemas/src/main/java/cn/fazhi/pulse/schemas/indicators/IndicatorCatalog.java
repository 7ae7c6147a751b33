package cn.fazhi.pulse.schemas.indicators;

import static cn.fazhi.pulse.schemas.indicators.Indicator.Attribution.COHORT;
import static cn.fazhi.pulse.schemas.indicators.Indicator.Attribution.FLOW;

import cn.fazhi.pulse.events.DisputeType;
import cn.fazhi.pulse.events.PenaltyCategory;
import cn.fazhi.pulse.events.TrainingKind;
import cn.fazhi.pulse.schemas.indicators.Indicator.Attribution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The indicator catalog of indicators.md, in its order. */
public final class IndicatorCatalog {
    private static final List<Indicator> ALL;
    private static final Map<String, Indicator> BY_ID;

    static {
        List<Indicator> all = new ArrayList<>();
        count(all, Measure.MEDIATION_ACCEPTED, "受理调解纠纷数", "件", COHORT);
        count(all, Measure.MEDIATION_SUCCEEDED, "调解成功数", "件", COHORT);
        count(all, Measure.MEDIATION_FAILED, "调解不成数", "件", COHORT);
        count(all, Measure.MEDIATION_PENDING, "正在调解数", "件", COHORT);
        rate(all, Ratio.MEDIATION_SUCCESS_RATE, "调解成功率", Measure.MEDIATION_SUCCEEDED, Measure.MEDIATION_ACCEPTED, COHORT);
        count(all, Measure.MEDIATION_WRITTEN, "书面协议(卷宗)数", "件", COHORT);
        count(all, Measure.MEDIATION_ORAL, "口头协议数", "件", COHORT);
        count(all, Measure.MEDIATION_ESCALATED, "民转刑案件数", "件", COHORT);
        for (DisputeType type : DisputeType.values()) {
            breakdown(all, Measure.MEDIATION_DISPUTE_PREFIX + type, Labels.of(type) + "纠纷数", "件", COHORT);
        }

        count(all, Measure.PETITION_RECEIVED, "受理信访件数", "件", COHORT);
        rate(all, Ratio.PETITION_ACCEPTED_ON_TIME_RATE, "按时受理率", Measure.PETITION_ACCEPTED_ON_TIME, Measure.PETITION_RECEIVED, COHORT);
        count(all, Measure.PETITION_CLOSED, "办结数", "件", COHORT);
        rate(all, Ratio.PETITION_CLOSURE_RATE, "办结率", Measure.PETITION_CLOSED, Measure.PETITION_RECEIVED, COHORT);
        rate(all, Ratio.PETITION_CLOSED_ON_TIME_RATE, "按期办结率", Measure.PETITION_CLOSED_ON_TIME, Measure.PETITION_RECEIVED, COHORT);
        rate(all, Ratio.PETITION_SATISFACTION_RATE, "群众满意率", Measure.PETITION_SATISFIED, Measure.PETITION_RATED, COHORT);
        rate(all, Ratio.PETITION_INITIAL_RESOLUTION_RATE, "初信初访化解率", Measure.PETITION_INITIAL_RESOLVED, Measure.PETITION_INITIAL_RECEIVED, COHORT);
        rate(all, Ratio.PETITION_BACKLOG_RESOLUTION_RATE, "信访积案化解率", Measure.PETITION_BACKLOG_RESOLVED, Measure.PETITION_BACKLOG_RECEIVED, COHORT);
        count(all, Measure.PETITION_CLOSED_IN_PERIOD, "本期办结信访件数", "件", FLOW);

        count(all, Measure.CASE_CIVIL_FILED, "民事案件数", "件", COHORT);
        count(all, Measure.CASE_CIVIL_WON, "民事一审胜诉数", "件", COHORT);
        count(all, Measure.CASE_CIVIL_MEDIATED, "民事调解结案数", "件", COHORT);
        count(all, Measure.CASE_ADMIN_FILED, "行政诉讼立案数", "件", COHORT);
        count(all, Measure.CASE_ADMIN_WON_FIRST, "一审胜诉数", "件", COHORT);
        count(all, Measure.CASE_ADMIN_PENDING_FIRST, "一审正在审理数", "件", COHORT);
        count(all, Measure.CASE_ADMIN_APPEALED, "上诉件数", "件", COHORT);
        count(all, Measure.CASE_ADMIN_WON_SECOND, "二审胜诉数", "件", COHORT);
        count(all, Measure.CASE_ADMIN_PENDING_SECOND, "二审正在审理数", "件", COHORT);
        count(all, Measure.CASE_ADMIN_REMANDED, "发回重审数", "件", COHORT);
        rate(all, Ratio.CASE_ADMIN_LOSS_RATE, "行政诉讼败诉率", Measure.CASE_ADMIN_LOST_LATEST, Measure.CASE_ADMIN_JUDGED, COHORT);
        count(all, Measure.CASE_ADMIN_PRIOR_APPEALS, "往年案件本期上诉数", "件", FLOW);
        count(all, Measure.CASE_ADMIN_PRIOR_REMANDED, "往年案件本期发回重审数", "件", FLOW);
        count(all, Measure.CASE_ADMIN_PRIOR_PENDING_SECOND, "往年案件二审在审数", "件", FLOW);
        count(all, Measure.CASE_RECONSIDERATION_FILED, "行政复议案件数", "件", COHORT);
        rate(all, Ratio.CASE_RECONSIDERATION_CORRECTION_RATE, "行政复议纠错率", Measure.CASE_RECONSIDERATION_CORRECTED, Measure.CASE_RECONSIDERATION_DECIDED, COHORT);
        count(all, Measure.CASE_HEARINGS, "开庭次数", "次", FLOW);
        count(all, Measure.CASE_HEARINGS_WITH_LEADER, "负责人出庭次数", "次", FLOW);
        rate(all, Ratio.CASE_LEADER_APPEARANCE_RATE, "负责人出庭应诉率", Measure.CASE_HEARINGS_WITH_LEADER, Measure.CASE_HEARINGS, FLOW);

        count(all, Measure.TRAINING_SESSIONS, "学法培训场次", "场", FLOW);
        for (TrainingKind kind : TrainingKind.values()) {
            breakdown(all, Measure.TRAINING_SESSIONS_PREFIX + kind, Labels.of(kind) + "场次", "场", FLOW);
        }
        all.add(new Indicator(Measure.TRAINING_HOURS, "学法学时", Measure.TRAINING_HOURS, null, "小时", true, false, FLOW, "training"));
        rate(all, Ratio.TRAINING_PARTICIPATION_RATE, "参学率", Measure.TRAINING_ATTENDED, Measure.TRAINING_INVITED, FLOW);
        count(all, Measure.EXAM_TAKERS, "参考人次", "人次", FLOW);
        all.add(new Indicator(Ratio.EXAM_AVERAGE_SCORE, "平均成绩", Measure.EXAM_SCORE_TOTAL, Measure.EXAM_TAKERS, "分", true, false, FLOW, "exam"));
        rate(all, Ratio.EXAM_PASS_RATE, "考试合格率", Measure.EXAM_PASSED, Measure.EXAM_TAKERS, FLOW);
        count(all, Measure.PUBLICITY_ACTIVITIES, "普法宣传活动场次", "场", FLOW);
        count(all, Measure.PUBLICITY_MATERIALS, "发放宣传资料份数", "份", FLOW);
        count(all, Measure.PUBLICITY_CONSULTATIONS, "解答法律咨询人次", "人次", FLOW);

        count(all, Measure.LEGAL_OPINIONS, "出具法律意见件数", "件", FLOW);
        count(all, Measure.LEGAL_CONSULTATIONS, "法律咨询人次", "人次", FLOW);
        all.add(new Indicator(Ratio.LEGAL_VILLAGE_ADVISOR_COVERAGE, "村居法律顾问覆盖率", Measure.COVERAGE_VILLAGES_COVERED,
                Measure.COVERAGE_VILLAGES, "%", false, false, Attribution.STATE_CHANGE, "coverage"));
        count(all, Measure.ENFORCEMENT_INSPECTIONS, "行政检查次数", "次", FLOW);
        count(all, Measure.ENFORCEMENT_PENALTIES, "行政处罚案件数", "起", FLOW);
        for (PenaltyCategory category : PenaltyCategory.values()) {
            breakdown(all, Measure.ENFORCEMENT_PENALTIES_PREFIX + category, Labels.of(category) + "处罚数", "起", FLOW);
        }
        all.add(new Indicator(Measure.ENFORCEMENT_FINES, "罚款金额", Measure.ENFORCEMENT_FINES, null, "元", true, false, FLOW, "enforcement"));
        count(all, Measure.RULEMAKING_DOCUMENTS, "规范性文件审核件数", "件", FLOW);
        all.add(new Indicator(Ratio.RULEMAKING_REVIEW_DAYS_AVG, "平均审核天数", Measure.RULEMAKING_REVIEW_DAYS, Measure.RULEMAKING_DOCUMENTS, "天", false, false, FLOW, "rulemaking"));
        count(all, Measure.DECISIONS_MAJOR, "重大行政决策数", "件", FLOW);
        rate(all, Ratio.DECISIONS_LEGALITY_REVIEW_RATE, "合法性审查率", Measure.DECISIONS_LEGALITY_REVIEWED, Measure.DECISIONS_MAJOR, FLOW);

        count(all, Measure.DQ_REJECTED, "退回事件数", "件", FLOW);
        count(all, Measure.DQ_LATE, "迟报事件数", "件", FLOW);
        count(all, Measure.DQ_ORPHANED, "待匹配事件数", "件", FLOW);

        ALL = List.copyOf(all);
        Map<String, Indicator> byId = new LinkedHashMap<>();
        ALL.forEach(i -> byId.put(i.id(), i));
        BY_ID = Collections.unmodifiableMap(byId);
    }

    private IndicatorCatalog() {}

    public static List<Indicator> all() {
        return ALL;
    }

    public static Optional<Indicator> byId(String id) {
        return Optional.ofNullable(BY_ID.get(id));
    }

    private static void count(List<Indicator> all, String measure, String nameZh, String unit, Attribution attribution) {
        all.add(new Indicator(measure, nameZh, measure, null, unit, false, false, attribution, familyOf(measure)));
    }

    private static void breakdown(List<Indicator> all, String measure, String nameZh, String unit, Attribution attribution) {
        all.add(new Indicator(measure, nameZh, measure, null, unit, false, true, attribution, familyOf(measure)));
    }

    private static void rate(List<Indicator> all, String id, String nameZh, String numerator, String denominator, Attribution attribution) {
        all.add(new Indicator(id, nameZh, numerator, denominator, "%", false, false, attribution, familyOf(id)));
    }

    /** The first part of the id: mediation, petition, case, training, ... */
    private static String familyOf(String id) {
        return id.substring(0, id.indexOf('.'));
    }
}
