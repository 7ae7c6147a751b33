package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.schemas.EventType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The words a clerk writes in a ledger (台账) and the contract's names they stand for: column
 * headers (受理日期 → {@code occurred_at}), enum values (邻里 → {@code NEIGHBOR}), yes/no
 * (是 → true) and event types (调解受理 → {@code MediationAccepted}). One table, documented in
 * docs/import.md; the first Chinese name of each field is the one the template writes.
 */
public final class LedgerVocabulary {
    /** Field → Chinese column names, the template's first. {@code occurred_at}'s name depends on the type. */
    private static final Map<String, List<String>> FIELD_NAMES = new LinkedHashMap<>();
    /** The date a clerk writes for each type's {@code occurred_at}. */
    private static final Map<EventType, String> DATE_COLUMN = new LinkedHashMap<>();
    private static final Map<EventType, String> TYPE_NAMES = new LinkedHashMap<>();
    private static final Map<String, String> ENUM_LABELS = new LinkedHashMap<>();
    private static final Map<String, String> HEADER_TO_FIELD = new HashMap<>();
    private static final Map<String, Boolean> YES_NO = new HashMap<>();
    /** More words for one enum value, accepted but never written. */
    private static final Map<String, List<String>> ENUM_ALIASES = new HashMap<>();
    private static final Map<String, Map<String, String>> ENUM_WORDS = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        field("type", "事件类型", "类型");
        field("event_id", "事件编号", "事件ID");
        field("town_code", "区划代码", "统计用区划代码", "乡镇代码", "镇街代码");
        field("occurred_at", "发生时间", "日期", "时间");
        field("office_id", "填报单位", "报送单位", "单位");
        field("name", "乡镇名称", "名称");
        field("district", "区县", "所属区县");
        field("city", "市", "所属市");
        field("level", "乡镇类别", "层级");
        field("villages", "村居数");
        field("mediation_committees", "调委会数");
        field("retracted_event_id", "撤回的事件编号", "被撤回事件编号");
        field("retracted_type", "撤回的事件类型", "被撤回事件类型");
        field("entity_id", "业务编号", "对象编号");
        field("case_id", "案号", "案件编号");
        field("case_kind", "案件类型");
        field("leader_appeared", "负责人出庭应诉", "负责人出庭");
        field("instance", "审级");
        field("outcome", "结果", "调解结果", "裁判结果", "审理结果");
        field("mediation_id", "调解编号", "调解案件编号");
        field("dispute_type", "纠纷类型");
        field("committee_id", "调委会", "调解委员会");
        field("agreement_form", "协议形式");
        field("escalated_to_criminal", "民转刑", "是否民转刑");
        field("petition_id", "信访编号", "信访件编号");
        field("category", "类别", "信访类别", "处罚类别", "违法类别");
        field("channel", "信访形式", "信访渠道", "信访方式");
        field("resolved", "是否化解", "化解");
        field("satisfaction", "满意度", "群众满意度");
        field("session_id", "学法编号", "培训编号");
        field("training_kind", "学法形式", "培训类型");
        field("hours", "学时");
        field("invited", "应参学人数", "应参加人数");
        field("attended", "实参学人数", "实参加人数");
        field("topic", "主题", "学法主题", "培训主题");
        field("exam_id", "考试编号");
        field("person_ref", "人员编号", "人员");
        field("score", "成绩", "分数");
        field("activity_id", "活动编号");
        field("activity_kind", "活动形式", "活动类型");
        field("materials_distributed", "发放资料数", "发放资料");
        field("consultations", "咨询人次", "接受咨询");
        field("audience", "受众人数", "参与人数");
        field("opinion_id", "意见编号");
        field("subject", "事项类型", "意见事项");
        field("consultation_id", "咨询编号");
        field("people", "咨询人数");
        field("village_code", "村居代码");
        field("advisor_ref", "法律顾问编号", "法律顾问");
        field("active", "在岗", "是否在岗");
        field("inspection_id", "检查编号");
        field("domain", "检查领域");
        field("penalty_id", "处罚编号", "处罚决定书编号");
        field("fine_yuan", "罚款金额", "罚款金额（元）", "罚款(元)");
        field("document_id", "文件编号");
        field("review_days", "审核天数", "审核用时（天）");
        field("lawful", "合法", "是否合法");
        field("decision_id", "决策编号");
        field("legality_reviewed", "合法性审查");
        field("expert_consulted", "专家论证");
        field("risk_assessed", "风险评估");
        field("collectively_decided", "集体讨论决定");
        field("public_comment_days", "公开征求意见天数");

        type(EventType.TOWN_REGISTERED, "乡镇登记", "登记日期");
        type(EventType.EVENT_RETRACTED, "撤回事件", "撤回日期");
        type(EventType.CASE_FILED, "立案", "立案日期");
        type(EventType.CASE_HEARING_HELD, "开庭", "开庭日期");
        type(EventType.CASE_JUDGED, "裁判", "裁判日期");
        type(EventType.CASE_APPEALED, "上诉", "上诉日期");
        type(EventType.MEDIATION_ACCEPTED, "调解受理", "受理日期");
        type(EventType.MEDIATION_CONCLUDED, "调解结案", "结案日期");
        type(EventType.PETITION_RECEIVED, "信访登记", "登记日期");
        type(EventType.PETITION_ACCEPTED, "信访受理", "受理日期");
        type(EventType.PETITION_CLOSED, "信访办结", "办结日期");
        type(EventType.TRAINING_SESSION_HELD, "学法培训", "学法日期");
        type(EventType.EXAM_COMPLETED, "学法考试", "考试日期");
        type(EventType.PUBLICITY_ACTIVITY_HELD, "普法活动", "活动日期");
        type(EventType.LEGAL_OPINION_ISSUED, "法律意见", "出具日期");
        type(EventType.LEGAL_CONSULTATION_GIVEN, "法律咨询", "咨询日期");
        type(EventType.VILLAGE_ADVISOR_ASSIGNED, "村居法律顾问", "聘任日期");
        type(EventType.INSPECTION_CONDUCTED, "行政检查", "检查日期");
        type(EventType.PENALTY_IMPOSED, "行政处罚", "处罚日期");
        type(EventType.NORMATIVE_DOCUMENT_REVIEWED, "规范性文件审核", "审核日期");
        type(EventType.MAJOR_DECISION_MADE, "重大行政决策", "决策日期");

        labels("TownLevel", "TOWN", "镇", "STREET", "街道", "TOWNSHIP", "乡");
        labels("CaseKind", "CIVIL", "民事诉讼", "ADMINISTRATIVE_LITIGATION", "行政诉讼", "ADMINISTRATIVE_RECONSIDERATION", "行政复议");
        labels("Instance", "FIRST", "一审", "SECOND", "二审");
        labels("CaseOutcome", "WON", "胜诉", "LOST", "败诉", "MEDIATED", "调解", "WITHDRAWN", "撤诉", "REMANDED", "发回重审",
                "UPHELD", "维持", "CORRECTED", "纠错", "TERMINATED", "终止");
        labels("DisputeType", "MARRIAGE_FAMILY", "婚姻家庭", "NEIGHBOR", "邻里", "HOUSING_LAND", "房屋宅基地", "CONTRACT", "合同",
                "BUSINESS", "生产经营", "DAMAGES", "损害赔偿", "LAND_FOREST", "山林土地", "LAND_REQUISITION", "征地拆迁",
                "ENVIRONMENT", "环境污染", "LABOR", "劳动争议", "CONSUMER", "消费", "MEDICAL", "医疗", "TRAFFIC", "道路交通事故",
                "PROPERTY_MANAGEMENT", "物业", "OTHER", "其他");
        labels("MediationOutcome", "SUCCESS", "调解成功", "FAILED", "调解不成", "WITHDRAWN", "撤回");
        labels("AgreementForm", "WRITTEN", "书面协议", "ORAL", "口头协议");
        labels("PetitionCategory", "INITIAL", "初信初访", "REPEAT", "重复信访", "BACKLOG", "信访积案");
        labels("PetitionChannel", "VISIT", "来访", "LETTER", "来信", "ONLINE", "网上", "PHONE", "电话");
        labels("Satisfaction", "SATISFIED", "满意", "UNSATISFIED", "不满意", "NO_RESPONSE", "未评价");
        labels("TrainingKind", "COLLECTIVE_STUDY", "集体学法", "LEADER_LECTURE", "领导干部讲法治课", "THEMATIC_LECTURE", "法治专题讲座",
                "ENFORCEMENT_TRAINING", "执法人员培训", "MEDIATOR_TRAINING", "人民调解员培训", "WARNING_EDUCATION", "警示教育", "SELF_STUDY", "自学");
        labels("ActivityKind", "LECTURE", "讲座", "CAMPAIGN", "集中宣传", "SERVICE_DAY", "服务日", "ONLINE_POST", "网上推送", "OTHER", "其他");
        labels("OpinionSubject", "MAJOR_DECISION", "重大决策", "CONTRACT", "合同", "NORMATIVE_DOCUMENT", "规范性文件", "LITIGATION", "诉讼", "OTHER", "其他");
        labels("InspectionDomain", "CITY_APPEARANCE", "市容", "ENVIRONMENT", "环境", "TRAFFIC", "交通", "GAS_SAFETY", "燃气安全",
                "EPIDEMIC", "疫情防控", "WORK_SAFETY", "安全生产", "OTHER", "其他");
        labels("PenaltyCategory", "CIVILIZED_BEHAVIOR", "文明行为", "CITY_APPEARANCE", "市容和环境卫生", "ILLEGAL_BURNING", "非法焚烧",
                "ENVIRONMENT", "环境", "WORK_SAFETY", "安全生产", "OTHER", "其他");

        // the spellings of events.md, and the short forms ledgers use
        alias("AgreementForm", "WRITTEN", "书面协议(卷宗)", "书面协议（卷宗）", "书面", "卷宗");
        alias("AgreementForm", "ORAL", "口头");
        alias("TrainingKind", "THEMATIC_LECTURE", "法治专题讲座·培训", "法治专题培训");
        alias("MediationOutcome", "SUCCESS", "成功");
        alias("MediationOutcome", "FAILED", "不成功");

        for (String yes : List.of("true", "是", "y", "yes", "1", "√", "有")) {
            YES_NO.put(yes, true);
        }
        for (String no : List.of("false", "否", "n", "no", "0", "×", "无")) {
            YES_NO.put(no, false);
        }
    }

    private LedgerVocabulary() {}

    /**
     * The field a column header stands for: a field name in any case, or one of its Chinese
     * names; a trailing {@code *} (required) and spaces are ignored. Empty for a column that is
     * no field of any event.
     */
    public static Optional<String> fieldOfHeader(String header) {
        String key = normalise(header).replaceAll("\\*+$", "").trim();
        return Optional.ofNullable(HEADER_TO_FIELD.get(key.toLowerCase(Locale.ROOT)));
    }

    /** The Chinese column name the template writes for {@code field} in sheets of {@code type}. */
    public static String chineseHeader(EventType type, String field) {
        if (field.equals("occurred_at")) {
            return DATE_COLUMN.get(type);
        }
        return FIELD_NAMES.get(field).get(0);
    }

    /** Every Chinese name of {@code field}, the template's first (the per-type dates for occurred_at). */
    public static List<String> chineseNames(String field) {
        if (field.equals("occurred_at")) {
            List<String> names = new java.util.ArrayList<>(FIELD_NAMES.get(field));
            DATE_COLUMN.values().stream().distinct().forEach(names::add);
            return names;
        }
        return FIELD_NAMES.getOrDefault(field, List.of());
    }

    /** The type a cell or sheet name stands for: its contract name or its Chinese name. */
    public static Optional<EventType> typeOf(String name) {
        String key = normalise(name);
        return EventType.byName(key).or(() -> TYPE_NAMES.entrySet().stream()
                .filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey).findFirst());
    }

    public static String chineseTypeName(EventType type) {
        return TYPE_NAMES.get(type);
    }

    /** The Chinese word for an enum value, e.g. {@code DisputeType.NEIGHBOR} → 邻里. */
    public static Optional<String> chineseLabel(String enumName, String symbol) {
        return Optional.ofNullable(ENUM_LABELS.get(enumName + "." + symbol));
    }

    /**
     * The symbol a cell stands for: the symbol in any case, or its Chinese word; empty when it is
     * neither.
     */
    public static Optional<String> enumSymbol(String enumName, List<String> symbols, String cell) {
        Map<String, String> words = ENUM_WORDS.computeIfAbsent(enumName, name -> wordsOf(name, symbols));
        return Optional.ofNullable(words.get(normalise(cell).toUpperCase(Locale.ROOT)));
    }

    /** Each symbol, upper case, and its Chinese word, to the symbol: one lookup per cell of a million-row file. */
    private static Map<String, String> wordsOf(String enumName, List<String> symbols) {
        Map<String, String> words = new HashMap<>();
        for (String symbol : symbols) {
            words.put(symbol.toUpperCase(Locale.ROOT), symbol);
            String label = ENUM_LABELS.get(enumName + "." + symbol);
            if (label != null) {
                words.put(label, symbol);
            }
            ENUM_ALIASES.getOrDefault(enumName + "." + symbol, List.of()).forEach(word -> words.put(word, symbol));
        }
        return Map.copyOf(words);
    }

    /** 是/否, true/false, Y/N, 1/0, √/× in any case; empty for anything else. */
    public static Optional<Boolean> yesNo(String cell) {
        return Optional.ofNullable(YES_NO.get(normalise(cell).toLowerCase(Locale.ROOT)));
    }

    /** Every Chinese word of the table (column, type and value names), for checking the docs. */
    static List<String> allChineseWords() {
        List<String> words = new java.util.ArrayList<>();
        FIELD_NAMES.values().forEach(words::addAll);
        words.addAll(DATE_COLUMN.values());
        words.addAll(TYPE_NAMES.values());
        words.addAll(ENUM_LABELS.values());
        ENUM_ALIASES.values().forEach(words::addAll);
        return words;
    }

    /** Trims, also the full-width space (U+3000) that Chinese input methods type. */
    static String normalise(String text) {
        return text.replace('\u3000', ' ').strip();
    }

    private static void field(String field, String... chinese) {
        FIELD_NAMES.put(field, List.of(chinese));
        HEADER_TO_FIELD.put(field, field);
        for (String name : chinese) {
            HEADER_TO_FIELD.put(name, field);
        }
    }

    private static void type(EventType type, String chineseName, String dateColumn) {
        TYPE_NAMES.put(type, chineseName);
        DATE_COLUMN.put(type, dateColumn);
        HEADER_TO_FIELD.put(dateColumn, "occurred_at");
    }

    private static void alias(String enumName, String symbol, String... words) {
        ENUM_ALIASES.put(enumName + "." + symbol, List.of(words));
    }

    private static void labels(String enumName, String... symbolThenLabel) {
        for (int i = 0; i < symbolThenLabel.length; i += 2) {
            ENUM_LABELS.put(enumName + "." + symbolThenLabel[i], symbolThenLabel[i + 1]);
        }
    }
}
