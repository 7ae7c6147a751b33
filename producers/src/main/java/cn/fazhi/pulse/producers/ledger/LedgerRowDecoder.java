package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.schemas.ChinaTime;
import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.RejectionSubject;
import cn.fazhi.pulse.schemas.TownCode;
import cn.fazhi.pulse.schemas.Violation;
import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns one row of a CSV or Excel ledger into an event, or into every reason it is refused. The
 * header is read once: each column's header is a field name or a Chinese name of
 * {@link LedgerVocabulary}. Cells are text; this class gives them the type their field has
 * (是 → true, 邻里 → NEIGHBOR, 2024/3/5 → 2024-03-05) and leaves the contract's rules to the
 * JSON codec, so a row is held to exactly the rules of a JSON line.
 *
 * <p>A row without an {@code event_id} gets the {@link StableEventIds stable id} of its town,
 * entity and step: importing the same ledger twice sends the same events again, absorbed as
 * duplicates, and a row edited since is a correction of what it said before.
 */
public final class LedgerRowDecoder {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String PENDING_ID = "pending";
    private static final Pattern CHINESE_DATE = Pattern.compile(
            "(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?(?:[ T]+(\\d{1,2})[:：](\\d{2})(?:[:：](\\d{2}))?)?");

    private final List<String> headers;
    /** Per column: its field, or the header as written for a column that is no field. */
    private final List<String> fields;
    private final Optional<EventType> sheetType;
    private final int typeColumn;
    private final List<Violation> headerProblems = new ArrayList<>();
    private final EventJsonCodec codec;

    /**
     * @param headers the header row as written
     * @param sheetType the type of every row (an Excel sheet or CSV file named after a type);
     *     a {@code type} column, when there is one, says it row by row instead
     */
    public LedgerRowDecoder(List<String> headers, Optional<EventType> sheetType, EventJsonCodec codec) {
        this.headers = List.copyOf(headers);
        this.sheetType = sheetType;
        this.codec = codec;
        this.fields = new ArrayList<>();
        Map<String, String> seen = new TreeMap<>();
        for (String header : headers) {
            String field = LedgerVocabulary.fieldOfHeader(header).orElse(LedgerVocabulary.normalise(header));
            String earlier = seen.put(field, header);
            if (earlier != null && !field.isEmpty()) {
                headerProblems.add(Violation.of(header, "与列“" + earlier + "”重复，都表示 " + field,
                        "repeats column \"" + earlier + "\": both stand for " + field));
            }
            fields.add(field);
        }
        this.typeColumn = fields.indexOf("type");
        if (sheetType.isEmpty() && typeColumn < 0) {
            headerProblems.add(Violation.of("type", "缺少“事件类型”列（或将工作表命名为事件类型，如 MediationAccepted）",
                    "no type column (or name the sheet after the event type, e.g. MediationAccepted)"));
        }
    }

    /** Problems of the header itself; when there are any, every row is refused with them. */
    public List<Violation> headerProblems() {
        return List.copyOf(headerProblems);
    }

    /** One data row, its cells in header order (missing trailing cells are empty). */
    public DecodedEvent decode(List<String> cells) {
        if (!headerProblems.isEmpty()) {
            return new DecodedEvent.Rejected(headerProblems);
        }
        Optional<EventType> type = typeColumn >= 0 ? LedgerVocabulary.typeOf(cell(cells, typeColumn)) : sheetType;
        if (type.isEmpty()) {
            String written = cell(cells, typeColumn);
            return new DecodedEvent.Rejected(List.of(Violation.of(headerOf("type"),
                    written.isEmpty() ? "缺少事件类型" : "未知的事件类型：" + written,
                    written.isEmpty() ? "missing: the event type" : "unknown event type: " + written)));
        }
        Schema schema = type.get().schema();
        ObjectNode object = JSON.objectNode();
        object.put("type", type.get().typeName());
        List<Violation> violations = new ArrayList<>();
        for (int column = 0; column < fields.size(); column++) {
            String field = fields.get(column);
            String text = cell(cells, column);
            if (text.isEmpty() || column == typeColumn) {
                continue;
            }
            if (field.isEmpty()) {
                violations.add(Violation.of("第 " + (column + 1) + " 列 column " + (column + 1), "该列有内容但没有表头：" + text,
                        "has a value but no header: " + text));
                continue;
            }
            Schema.Field schemaField = schema.getField(field);
            if (schemaField == null) {
                object.put(field, text); // the codec refuses it as no field of this type, naming the column
                continue;
            }
            try {
                object.set(field, typed(schemaField.schema(), text));
            } catch (CellProblem e) {
                violations.add(Violation.of(field, e.reasonZh(), e.reasonEn()));
            }
        }
        boolean ownId = object.hasNonNull("event_id");
        if (!violations.isEmpty()) {
            return named(new DecodedEvent.Rejected(violations, subjectOf(type.get(), object, ownId)));
        }
        if (!ownId) {
            object.put("event_id", PENDING_ID); // replaced below, once the row is known to be an event
        }
        DecodedEvent decoded = codec.decode(object);
        if (decoded instanceof DecodedEvent.Rejected rejected) {
            decoded = rejected.about(subjectOf(type.get(), object, ownId));
        }
        if (!ownId && decoded instanceof DecodedEvent.Accepted accepted) {
            SpecificRecord event = accepted.event();
            event.put(event.getSchema().getField("event_id").pos(), StableEventIds.eventId(event));
        }
        return named(decoded);
    }

    /**
     * The reasons a decoded row was refused, each with the cell it is about as the clerk wrote it
     * (empty for a reason of the whole row or of an empty cell).
     */
    public List<LedgerProblem> problems(long row, DecodedEvent.Rejected rejected, List<String> cells) {
        return rejected.violations().stream().map(v -> {
            int column = -1;
            for (int c = 0; c < fields.size() && column < 0; c++) {
                if (!fields.get(c).isEmpty() && headerOf(fields.get(c)).equals(v.field())) {
                    column = c;
                }
            }
            return new LedgerProblem(row, v.field(), column < 0 ? "" : cell(cells, column), v.reasonZh(), v.reasonEn());
        }).toList();
    }

    /** Violations name the column as the clerk wrote it, and the field: 纠纷类型(dispute_type). */
    private DecodedEvent named(DecodedEvent result) {
        if (result instanceof DecodedEvent.Rejected rejected) {
            return new DecodedEvent.Rejected(rejected.violations().stream()
                    .map(v -> Violation.of(headerOf(v.field()), v.reasonZh(), v.reasonEn())).toList(), rejected.subject());
        }
        return result;
    }

    /**
     * What a refused row is about: the event it would have been (its entity and the id it would have
     * had, its own or the stable one), when its town, entity id and step can be read; else null,
     * and its dead letter names its content. A fixed row then arrives with that id and stops the
     * refusal counting.
     */
    private static RejectionSubject subjectOf(EventType type, ObjectNode object, boolean ownId) {
        Optional<EntityKind> kind = type.entityKind();
        String town = object.path("town_code").asText("");
        String entityId = object.path(type.idField()).asText("");
        if (kind.isEmpty() || !TownCode.isValid(town) || entityId.isBlank()) {
            return null;
        }
        String entityKey = kind.get().key(town, entityId);
        if (ownId) {
            return RejectionSubject.ofEvent(entityKey, object.path("event_id").asText());
        }
        return StableEventIds.step(type, day(object.path("occurred_at")), textOrNull(object.path("instance")),
                        textOrNull(object.path("retracted_event_id")))
                .map(step -> RejectionSubject.ofEvent(entityKey, StableEventIds.eventId(town, kind.get(), entityId, step, 1)))
                .orElse(null);
    }

    private static LocalDate day(JsonNode occurredAt) {
        try {
            return occurredAt.isTextual() ? EventJsonCodec.parseTimestamp(occurredAt.asText()).atZone(ChinaTime.ZONE).toLocalDate() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private String headerOf(String field) {
        int column = fields.indexOf(field);
        if (column < 0 || field.isEmpty()) {
            return field;
        }
        String header = LedgerVocabulary.normalise(headers.get(column));
        return header.equals(field) ? field : header + "(" + field + ")";
    }

    private static String cell(List<String> cells, int column) {
        return column < 0 || column >= cells.size() || cells.get(column) == null ? "" : LedgerVocabulary.normalise(cells.get(column));
    }

    /** The cell as the JSON value its field's schema wants. */
    static JsonNode typed(Schema declared, String text) {
        Schema schema = nonNull(declared);
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            String iso = isoDate(text);
            try {
                EventJsonCodec.parseTimestamp(iso); // judged here so that the message shows the cell as the clerk wrote it
            } catch (IllegalArgumentException e) {
                throw new CellProblem("无法识别的日期或时间：" + text + "（可用格式：2024-03-05、2024/3/5、2024年3月5日，可带时间如 2024/3/5 9:30）",
                        "unreadable date or time: " + text + " (accepted: 2024-03-05, 2024/3/5, 2024年3月5日, optionally with a time such as 2024/3/5 9:30)");
            }
            return JSON.textNode(iso);
        }
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal) {
            return JSON.numberNode(number(text, "须为数字", "must be a number"));
        }
        switch (schema.getType()) {
            case INT: {
                BigDecimal value = number(text, "须为整数", "must be a whole number");
                try {
                    return JSON.numberNode(value.intValueExact());
                } catch (ArithmeticException e) {
                    throw new CellProblem("须为整数：" + text, "must be a whole number: " + text);
                }
            }
            case BOOLEAN:
                return JSON.booleanNode(LedgerVocabulary.yesNo(text).orElseThrow(() ->
                        new CellProblem("须为“是”或“否”：" + text, "must be 是/否 (yes/no, true/false): " + text)));
            case ENUM: {
                List<String> symbols = schema.getEnumSymbols();
                return JSON.textNode(LedgerVocabulary.enumSymbol(schema.getName(), symbols, text).orElseThrow(() ->
                        new CellProblem("取值“" + text + "”不在允许范围内（" + allowed(schema) + "）",
                                "value \"" + text + "\" is not one of " + String.join(", ", symbols))));
            }
            default:
                return JSON.textNode(text);
        }
    }

    /** The value branch of an optional field's union; the schema itself otherwise. */
    static Schema nonNull(Schema schema) {
        return schema.getType() != Schema.Type.UNION ? schema
                : schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }

    private static String allowed(Schema enumSchema) {
        return String.join("、", enumSchema.getEnumSymbols().stream()
                .map(s -> LedgerVocabulary.chineseLabel(enumSchema.getName(), s).orElse(s)).toList());
    }

    private static BigDecimal number(String text, String zh, String en) {
        try {
            return new BigDecimal(text.replace(",", ""));
        } catch (NumberFormatException e) {
            throw new CellProblem(zh + "：" + text, en + ": " + text);
        }
    }

    /** 2024/3/5, 2024.3.5, 2024年3月5日 (and a time after them) as ISO; anything else as written, for the codec to judge. */
    static String isoDate(String text) {
        if (text.length() >= 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
            return text; // ISO already, as every export from a system writes it
        }
        Matcher m = CHINESE_DATE.matcher(text);
        if (!m.matches()) {
            return text;
        }
        String date = String.format("%s-%02d-%02d", m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        if (m.group(4) == null) {
            return date;
        }
        return date + String.format("T%02d:%s:%s", Integer.parseInt(m.group(4)), m.group(5), m.group(6) == null ? "00" : m.group(6));
    }
}
