package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.EventType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ledgers offices keep one row per mediation, petition or case (人民调解台账, 信访台账,
 * 案件台账), their columns, and the steps of the entity's life each row holds. docs/import.md
 * shows each one; {@link LedgerTemplate#writeEntityLedger} writes its template.
 */
public enum EntityLedgerKind {
    MEDIATION("人民调解台账", EntityKind.MEDIATION,
            List.of(col("id", "调解编号", "编号", "案件编号", "调解案件编号", "卷宗编号"),
                    col("accepted_date", "受理日期", "受理时间"),
                    col("dispute_type", "纠纷类型", "纠纷类别"),
                    col("outcome", "调解结果", "结果"),
                    col("concluded_date", "结案日期", "结案时间", "调结日期"),
                    col("agreement_form", "协议形式"),
                    col("escalated_to_criminal", "是否民转刑", "民转刑"),
                    col("committee_id", "调委会", "调解委员会")),
            List.of(step("accepted", EventType.MEDIATION_ACCEPTED, "accepted_date", "dispute_type", "committee_id"),
                    step("concluded", EventType.MEDIATION_CONCLUDED, "concluded_date", "outcome", "agreement_form", "escalated_to_criminal"))),
    PETITION("信访台账", EntityKind.PETITION,
            List.of(col("id", "信访编号", "信访件编号", "编号"),
                    col("received_date", "登记日期", "信访日期", "来信来访日期"),
                    col("category", "信访类别", "类别"),
                    col("channel", "信访形式", "信访渠道", "信访方式"),
                    col("accepted_date", "受理日期"),
                    col("closed_date", "办结日期"),
                    col("resolved", "是否化解", "化解"),
                    col("satisfaction", "满意度", "群众满意度")),
            List.of(step("received", EventType.PETITION_RECEIVED, "received_date", "category", "channel"),
                    step("accepted", EventType.PETITION_ACCEPTED, "accepted_date"),
                    step("closed", EventType.PETITION_CLOSED, "closed_date", "resolved", "satisfaction"))),
    CASE("行政诉讼/复议/民事案件台账", EntityKind.CASE,
            List.of(col("id", "案号", "案件编号", "编号"),
                    col("case_kind", "案件类型"),
                    col("filed_date", "立案日期"),
                    col("hearing_dates", "开庭日期", "开庭时间"),
                    col("leader_appeared", "负责人是否出庭", "负责人出庭应诉", "负责人出庭", "行政机关负责人是否出庭"),
                    col("first_outcome", "一审结果", "复议结果", "复议决定"),
                    col("first_date", "一审日期", "一审裁判日期", "复议决定日期"),
                    col("appeal_date", "上诉日期"),
                    col("second_outcome", "二审结果"),
                    col("second_date", "二审日期", "二审裁判日期")),
            List.of(step("filed", EventType.CASE_FILED, "filed_date", "case_kind"),
                    step("judged-FIRST", EventType.CASE_JUDGED, "first_date", "first_outcome"),
                    step("appealed", EventType.CASE_APPEALED, "appeal_date"),
                    step("judged-SECOND", EventType.CASE_JUDGED, "second_date", "second_outcome")));

    /** The column every kind has besides its own: where the row's town is. */
    static final Column TOWN = col("town_code", "区划代码", "统计用区划代码", "乡镇代码", "镇街代码");

    /**
     * Words that mark a column of personal data: never read, never published, listed as such.
     * A header containing one of them (当事人姓名, 申请人（甲方）) is one.
     */
    static final List<String> PERSONAL_DATA = List.of("当事人", "申请人", "被申请人", "信访人", "反映人", "来访人", "原告", "第三人",
            "姓名", "身份证", "证件号", "联系电话", "电话", "手机", "联系方式", "住址", "地址", "住所", "出生", "年龄", "性别");

    private final String title;
    private final EntityKind entityKind;
    private final List<Column> columns;
    private final List<Step> steps;

    EntityLedgerKind(String title, EntityKind entityKind, List<Column> columns, List<Step> steps) {
        this.title = title;
        this.entityKind = entityKind;
        this.columns = columns;
        this.steps = steps;
    }

    /** A column of a ledger: its role and the headers a clerk writes for it, the template's first. */
    public record Column(String role, List<String> headers) {}

    /** A step of the entity: its event type, the column of its date, and its other columns (role = the event's field). */
    public record Step(String name, EventType type, String dateRole, List<String> fieldRoles) {}

    public String title() {
        return title;
    }

    public EntityKind entityKind() {
        return entityKind;
    }

    /** The kind's columns, town first, in the template's order. */
    public List<Column> columns() {
        List<Column> all = new ArrayList<>();
        all.add(columns.get(0));
        all.add(TOWN);
        all.addAll(columns.subList(1, columns.size()));
        return all;
    }

    public List<Step> steps() {
        return steps;
    }

    /** The role of a header in this kind's ledger, if it has one. */
    Optional<String> roleOf(String header) {
        String key = LedgerVocabulary.normalise(header).replaceAll("\\*+$", "").trim();
        for (Column column : columns()) {
            if (column.headers().contains(key)) {
                return Optional.of(column.role());
            }
        }
        return Optional.empty();
    }

    /** The first header of a role, for messages. */
    String headerOf(String role) {
        return columns().stream().filter(c -> c.role().equals(role)).findFirst().map(c -> c.headers().get(0)).orElse(role);
    }

    /** Whether a header names personal data (当事人, 身份证号, 联系电话, …). */
    static boolean isPersonalData(String header) {
        String key = LedgerVocabulary.normalise(header);
        return PERSONAL_DATA.stream().anyMatch(key::contains);
    }

    /**
     * The kind whose own columns (its id, dates and values, not the town) the header row names
     * most, when it names at least two: 调解编号 and 纠纷类型 make a mediation ledger.
     */
    static Optional<EntityLedgerKind> recognise(List<String> headers) {
        EntityLedgerKind best = null;
        long bestCount = 1;
        for (EntityLedgerKind kind : values()) {
            long count = headers.stream().filter(h -> h != null && !isPersonalData(h))
                    .map(h -> kind.roleOf(h)).filter(r -> r.isPresent() && !r.get().equals("town_code") && !r.get().equals("id")).count();
            if (count > bestCount) {
                best = kind;
                bestCount = count;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code mediation}, {@code 人民调解}, {@code 调解} … as {@code --kind} takes them. */
    public static Optional<EntityLedgerKind> byName(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        Map<String, EntityLedgerKind> names = new LinkedHashMap<>();
        for (EntityLedgerKind kind : values()) {
            names.put(kind.entityKind.keySegment(), kind);
            names.put(kind.name().toLowerCase(Locale.ROOT), kind);
            names.put(kind.title, kind);
        }
        names.put("调解", MEDIATION);
        names.put("人民调解", MEDIATION);
        names.put("信访", PETITION);
        names.put("案件", CASE);
        names.put("诉讼", CASE);
        return Optional.ofNullable(names.get(key));
    }

    private static Column col(String role, String... headers) {
        return new Column(role, List.of(headers));
    }

    private static Step step(String name, EventType type, String dateRole, String... fieldRoles) {
        return new Step(name, type, dateRole, List.of(fieldRoles));
    }
}
