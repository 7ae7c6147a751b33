package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.events.Instance;
import cn.fazhi.pulse.schemas.ChinaTime;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.Violation;
import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.commons.csv.CSVFormat;

/**
 * The rows of one entity ledger (a CSV file or an Excel sheet) after its header: each row is one
 * mediation, petition or case, and becomes the events of the steps its cells hold. Columns of
 * personal data and the ledger's own columns are never read; a total row (合计) and blank rows are
 * skipped and counted. Plain Java: the CSV and Excel readers hand it rows.
 */
final class EntityLedgerSheet {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern SEPARATORS = Pattern.compile("[、，,；;\\n]+");
    private static final Set<String> TOTALS = Set.of("合计", "总计", "小计", "共计");
    private static final String PENDING_ID = "pending";

    private final Path file;
    private final String sheet;
    private final EntityLedgerKind kind;
    private final EntityLedgerOptions options;
    private final EventJsonCodec codec;
    private final Consumer<EntityLedgerRow> sink;
    /** Column index by role; columns of no role are never read. */
    private final Map<String, Integer> columnOf = new HashMap<>();
    private final List<String> headers;
    private final boolean[] readable;
    /** The row of each entity seen in this sheet, to refuse a second row of one entity. */
    private final Map<String, Long> seen;

    EntityLedgerSheet(Path file, String sheet, EntityLedgerKind kind, List<String> headers, EntityLedgerOptions options,
                      EventJsonCodec codec, Map<String, Long> seen, Consumer<EntityLedgerRow> sink, Consumer<LedgerColumns> columns) {
        this.file = file;
        this.sheet = sheet;
        this.kind = kind;
        this.options = options;
        this.codec = codec;
        this.seen = seen;
        this.sink = sink;
        this.headers = headers.stream().map(h -> h == null ? "" : LedgerVocabulary.normalise(h)).toList();
        this.readable = new boolean[this.headers.size()];
        List<String> read = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> personal = new ArrayList<>();
        for (int c = 0; c < this.headers.size(); c++) {
            String header = this.headers.get(c);
            if (header.isEmpty()) {
                continue;
            }
            if (EntityLedgerKind.isPersonalData(header)) {
                personal.add(header);
                continue;
            }
            var role = kind.roleOf(header);
            if (role.isPresent() && !columnOf.containsKey(role.get())) {
                columnOf.put(role.get(), c);
                readable[c] = true;
                read.add(header);
            } else {
                ignored.add(header);
            }
        }
        columns.accept(new LedgerColumns(file, sheet, kind, read, ignored, personal));
    }

    static String place(Path file, String sheet, long row) {
        String name = file.getFileName().toString();
        return sheet.isEmpty() ? name + " 第 " + row + " 行 / row " + row
                : name + " 工作表 " + sheet + " 第 " + row + " 行 / sheet " + sheet + " row " + row;
    }

    void row(long number, List<String> cells, long bytesRead) {
        if (cells.stream().allMatch(c -> c == null || LedgerVocabulary.normalise(c).isEmpty())) {
            sink.accept(skipped(number, EntityLedgerRow.Skip.BLANK, bytesRead));
            return;
        }
        String first = cell(cells, 0);
        if (first.startsWith("#")) {
            sink.accept(skipped(number, EntityLedgerRow.Skip.COMMENT, bytesRead));
            return;
        }
        for (int c = 0; c < Math.min(3, cells.size()); c++) {
            String text = cell(cells, c).replace(" ", "");
            if (TOTALS.stream().anyMatch(text::startsWith)) {
                sink.accept(skipped(number, EntityLedgerRow.Skip.TOTAL, bytesRead));
                return;
            }
        }
        List<LedgerProblem> problems = new ArrayList<>();
        String entityId = value(cells, "id");
        if (entityId.isEmpty()) {
            problems.add(problem(number, "id", "", "缺少编号", "missing: the row's number (its id)"));
        }
        String town = value(cells, "town_code");
        if (town.isEmpty()) {
            town = options.town().orElse("");
            if (town.isEmpty()) {
                problems.add(new LedgerProblem(number, "区划代码(town_code)", "", "缺少区划代码：请加“区划代码”列，或用 --town 指定乡镇",
                        "missing: the town (add a 区划代码 column, or name the town with --town)"));
            }
        } else if (options.town().isPresent() && !options.town().get().equals(town)) {
            problems.add(problem(number, "town_code", town, "区划代码与所报乡镇 " + options.town().get() + " 不符",
                    "not the town this ledger is submitted for (" + options.town().get() + ")"));
        }
        String key = kind.name() + "|" + town + "|" + entityId;
        Map<String, SpecificRecord> steps = new LinkedHashMap<>();
        if (problems.isEmpty()) {
            Long earlier = seen.get(key);
            if (earlier != null) {
                problems.add(problem(number, "id", entityId, "编号与第 " + earlier + " 行重复：每件只占一行",
                        "the same number as row " + earlier + ": one row per " + kind.entityKind().keySegment()));
            } else {
                for (EntityLedgerKind.Step step : kind.steps()) {
                    step(number, cells, town, entityId, step, steps, problems);
                }
                if (kind == EntityLedgerKind.CASE) {
                    hearings(number, cells, town, entityId, steps, problems);
                }
                String opening = kind.steps().get(0).name();
                if (problems.isEmpty() && !steps.containsKey(opening)) {
                    String dateRole = kind.steps().get(0).dateRole();
                    problems.add(problem(number, dateRole, "", "缺少必填字段：每行须有" + kind.headerOf(dateRole),
                            "missing: every row needs its " + kind.headerOf(dateRole) + " (the opening step)"));
                }
            }
        }
        if (!problems.isEmpty()) {
            String refused = town.isEmpty() || entityId.isEmpty() ? null : town + "|" + kind.entityKind().keySegment() + "|" + entityId;
            sink.accept(new EntityLedgerRow(file, sheet, number, readableText(cells), null, problems, refused, null, bytesRead));
            return;
        }
        seen.put(key, number);
        int year = Events.occurredAt(steps.get(kind.steps().get(0).name())).atZone(ChinaTime.ZONE).getYear();
        LedgerEntity entity = new LedgerEntity(town, kind, entityId, year, place(file, sheet, number), steps);
        sink.accept(new EntityLedgerRow(file, sheet, number, "", entity, List.of(), null, null, bytesRead));
    }

    /** The step's event when its date is filled; every reason it is refused otherwise. */
    private void step(long number, List<String> cells, String town, String entityId, EntityLedgerKind.Step step,
                      Map<String, SpecificRecord> steps, List<LedgerProblem> problems) {
        if (value(cells, step.dateRole()).isEmpty()) {
            return; // a step is taken on its date: not yet, or the clerk cleared it (withdrawn), whatever its other cells say
        }
        ObjectNode object = base(step.type(), town, entityId);
        Map<String, String> roleOfField = new HashMap<>();
        roleOfField.put("occurred_at", step.dateRole());
        Schema schema = step.type().schema();
        int before = problems.size();
        put(number, object, schema.getField("occurred_at"), step.dateRole(), value(cells, step.dateRole()), problems);
        for (String role : step.fieldRoles()) {
            String field = role.replaceFirst("^(first|second)_", "");
            roleOfField.put(field, role);
            put(number, object, schema.getField(field), role, value(cells, role), problems);
        }
        if (step.type() == EventType.CASE_JUDGED) {
            object.put("instance", step.name().endsWith("SECOND") ? Instance.SECOND.name() : Instance.FIRST.name());
        }
        if (problems.size() > before) {
            return;
        }
        decode(number, cells, object, roleOfField, problems).ifPresent(event -> steps.put(step.name(), event));
    }

    /** 开庭日期 holds every hearing's date (2024-03-05、2024-04-10); 负责人是否出庭 one answer for all, or one per date. */
    private void hearings(long number, List<String> cells, String town, String caseId, Map<String, SpecificRecord> steps,
                          List<LedgerProblem> problems) {
        String dates = value(cells, "hearing_dates");
        String leaders = value(cells, "leader_appeared");
        if (dates.isEmpty()) {
            if (!leaders.isEmpty()) {
                problems.add(problem(number, "hearing_dates", "", "填了负责人是否出庭，但没有开庭日期",
                        "负责人是否出庭 is filled but there is no hearing date"));
            }
            return;
        }
        List<String> days = List.of(SEPARATORS.split(dates));
        List<String> answers = leaders.isEmpty() ? List.of() : List.of(SEPARATORS.split(leaders));
        if (answers.size() != 1 && answers.size() != days.size()) {
            problems.add(problem(number, "leader_appeared", leaders,
                    "须填一个“是/否”（适用于每次开庭），或按开庭日期逐次填写（" + days.size() + " 次开庭）",
                    "write one yes/no for every hearing, or one per hearing date (" + days.size() + " hearings)"));
            return;
        }
        Schema schema = EventType.CASE_HEARING_HELD.schema();
        for (int i = 0; i < days.size(); i++) {
            ObjectNode object = base(EventType.CASE_HEARING_HELD, town, caseId);
            int before = problems.size();
            put(number, object, schema.getField("occurred_at"), "hearing_dates", days.get(i).strip(), problems);
            put(number, object, schema.getField("leader_appeared"), "leader_appeared", answers.get(answers.size() == 1 ? 0 : i).strip(), problems);
            if (problems.size() > before) {
                continue;
            }
            decode(number, cells, object, Map.of("occurred_at", "hearing_dates", "leader_appeared", "leader_appeared"), problems)
                    .ifPresent(event -> steps.put(StableEventIds.step(event), event));
        }
    }

    private ObjectNode base(EventType type, String town, String entityId) {
        ObjectNode object = JSON.objectNode();
        object.put("type", type.typeName());
        object.put("event_id", PENDING_ID);
        object.put("town_code", town);
        object.put(type.idField(), entityId);
        return object;
    }

    private void put(long number, ObjectNode object, Schema.Field field, String role, String text, List<LedgerProblem> problems) {
        if (text.isEmpty()) {
            return; // the codec names it if it is required
        }
        try {
            object.set(field.name(), LedgerRowDecoder.typed(field.schema(), text));
        } catch (CellProblem e) {
            problems.add(problem(number, role, text, e.reasonZh(), e.reasonEn()));
        }
    }

    private java.util.Optional<SpecificRecord> decode(long number, List<String> cells, ObjectNode object, Map<String, String> roleOfField,
                                                      List<LedgerProblem> problems) {
        DecodedEvent decoded = codec.decode(object);
        if (decoded instanceof DecodedEvent.Accepted accepted) {
            return java.util.Optional.of(accepted.event());
        }
        for (Violation v : ((DecodedEvent.Rejected) decoded).violations()) {
            String role = roleOfField.getOrDefault(v.field(), v.field());
            problems.add(problem(number, role, columnOf.containsKey(role) ? value(cells, role) : "", v.reasonZh(), v.reasonEn()));
        }
        return java.util.Optional.empty();
    }

    /** A problem naming the column as the clerk wrote it, or the template's header when the ledger has no such column. */
    private LedgerProblem problem(long number, String role, String cell, String zh, String en) {
        Integer column = columnOf.get(role);
        String header = column != null ? headers.get(column) : kind.headerOf(role);
        return new LedgerProblem(number, header, cell, zh, en);
    }

    private EntityLedgerRow skipped(long number, EntityLedgerRow.Skip why, long bytesRead) {
        return new EntityLedgerRow(file, sheet, number, "", null, List.of(), null, why, bytesRead);
    }

    private String value(List<String> cells, String role) {
        Integer column = columnOf.get(role);
        return column == null ? "" : cell(cells, column);
    }

    private static String cell(List<String> cells, int column) {
        return column >= cells.size() || cells.get(column) == null ? "" : LedgerVocabulary.normalise(cells.get(column));
    }

    /** The row as CSV, the cells of columns never read (personal data above all) left empty. */
    private String readableText(List<String> cells) {
        String[] kept = new String[Math.min(cells.size(), readable.length)];
        for (int c = 0; c < kept.length; c++) {
            kept[c] = readable[c] && cells.get(c) != null ? cells.get(c) : "";
        }
        return CSVFormat.DEFAULT.format((Object[]) kept);
    }
}
