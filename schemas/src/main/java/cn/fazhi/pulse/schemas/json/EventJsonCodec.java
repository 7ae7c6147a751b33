package cn.fazhi.pulse.schemas.json;

import cn.fazhi.pulse.schemas.ChinaTime;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.EventValidator;
import cn.fazhi.pulse.schemas.Violation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON Lines contract of events.md, both ways. Reading is strict and complete: a line is
 * either a valid record or refused with every reason found (unknown fields included, so that a
 * misspelt optional field is not silently lost).
 */
public final class EventJsonCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Clock clock;

    public EventJsonCodec(Clock clock) {
        this.clock = clock;
    }

    public EventJsonCodec() {
        this(Clock.systemUTC());
    }

    /** Reads one JSON object, as text, into an event record. */
    public DecodedEvent decode(String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return rejected(Violation.of("", "不是有效的 JSON：" + e.getOriginalMessage(), "not valid JSON: " + e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            return rejected(Violation.of("", "每行须为一个 JSON 对象", "each line must be one JSON object"));
        }
        return decode((ObjectNode) node);
    }

    /** Reads one parsed JSON object into an event record. */
    public DecodedEvent decode(ObjectNode object) {
        JsonNode typeNode = object.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            return rejected(Violation.of("type", "缺少事件类型", "missing: the event type"));
        }
        Optional<EventType> type = EventType.byName(typeNode.asText());
        if (type.isEmpty()) {
            return rejected(Violation.of("type", "未知的事件类型：" + typeNode.asText(), "unknown event type: " + typeNode.asText()));
        }
        Schema schema = type.get().schema();
        List<Violation> violations = new ArrayList<>();
        Set<String> known = new HashSet<>();
        known.add("type");
        SpecificRecord record = (SpecificRecord) SpecificData.getForSchema(schema).newRecord(null, schema);
        for (Field field : schema.getFields()) {
            known.add(field.name());
            try {
                record.put(field.pos(), readField(field, object.get(field.name())));
            } catch (FieldException e) {
                violations.add(Violation.of(field.name(), e.zh, e.en));
            }
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(Violation.of(name, type.get().typeName() + " 没有这个字段", "not a field of " + type.get().typeName()));
            }
        }
        if (!violations.isEmpty()) {
            return new DecodedEvent.Rejected(violations);
        }
        List<Violation> ruleViolations = EventValidator.validate(record, clock.instant());
        return ruleViolations.isEmpty() ? new DecodedEvent.Accepted(record) : new DecodedEvent.Rejected(ruleViolations);
    }

    /** Writes an event as one JSON line (no newline), {@code type} first, absent optional fields left out. */
    public String encode(SpecificRecord event) {
        return toJson(event).toString();
    }

    public ObjectNode toJson(SpecificRecord event) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", event.getSchema().getName());
        for (Field field : event.getSchema().getFields()) {
            Object value = event.get(field.pos());
            if (value != null) {
                node.set(field.name(), writeValue(value));
            }
        }
        return node;
    }

    /**
     * Reads a timestamp in one of the four forms events.md accepts; the two without an offset are
     * China Standard Time, a date alone the start of that day.
     */
    public static Instant parseTimestamp(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ChinaTime.ZONE).toInstant();
            }
            if (text.endsWith("Z") || UTC_OFFSET.matcher(text).find()) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).atZone(ChinaTime.ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** The canonical written form: China local time with seconds and its +08:00 offset. */
    public static String formatTimestamp(Instant instant) {
        OffsetDateTime local = OffsetDateTime.ofInstant(instant, ChinaTime.ZONE);
        return (local.getNano() == 0 ? SECONDS : MILLIS).format(local);
    }

    /** Compiled once: String.matches compiled it again for every timestamp of a million-line import. */
    private static final java.util.regex.Pattern UTC_OFFSET = java.util.regex.Pattern.compile("[+-]\\d\\d:?\\d\\d$");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

    private static Object readField(Field field, JsonNode node) throws FieldException {
        Schema schema = field.schema();
        boolean absent = node == null || node.isNull();
        if (absent) {
            if (field.hasDefaultValue()) {
                Object defaultValue = field.defaultVal();
                return defaultValue == org.apache.avro.JsonProperties.NULL_VALUE ? null : defaultValue;
            }
            throw new FieldException("缺少必填字段", "missing (required)");
        }
        if (schema.getType() == Schema.Type.UNION) {
            schema = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow();
        }
        return readValue(schema, node);
    }

    private static Object readValue(Schema schema, JsonNode node) throws FieldException {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.TimestampMillis) {
            if (!node.isTextual()) {
                throw new FieldException("时间须为文本，如 2020-03-05T10:15:00+08:00 或 2020-03-05", "must be a timestamp string such as 2020-03-05T10:15:00+08:00 or 2020-03-05");
            }
            try {
                return parseTimestamp(node.asText());
            } catch (IllegalArgumentException e) {
                throw new FieldException("无法识别的时间：" + node.asText() + "（可用格式：2020-03-05T10:15:00+08:00、2020-03-05T02:15:00Z、2020-03-05T10:15:00、2020-03-05）",
                        "unreadable timestamp: " + node.asText() + " (accepted: 2020-03-05T10:15:00+08:00, 2020-03-05T02:15:00Z, 2020-03-05T10:15:00, 2020-03-05)");
            }
        }
        if (logical instanceof LogicalTypes.Decimal decimal) {
            if (!node.isNumber()) {
                throw new FieldException("须为数字：" + node, "must be a number: " + node);
            }
            BigDecimal value = node.decimalValue();
            if (value.stripTrailingZeros().scale() > decimal.getScale()) {
                throw new FieldException("最多保留 " + decimal.getScale() + " 位小数：" + value.toPlainString(), "at most " + decimal.getScale() + " decimals: " + value.toPlainString());
            }
            return value.setScale(decimal.getScale());
        }
        switch (schema.getType()) {
            case STRING:
                if (!node.isTextual()) {
                    throw new FieldException("须为文本（加引号）：" + node, "must be a string (in quotes): " + node);
                }
                return node.asText();
            case INT:
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw new FieldException("须为整数：" + node, "must be a whole number: " + node);
                }
                return node.intValue();
            case BOOLEAN:
                if (!node.isBoolean()) {
                    throw new FieldException("须为 true 或 false：" + node, "must be true or false: " + node);
                }
                return node.booleanValue();
            case ENUM:
                if (!node.isTextual() || !schema.getEnumSymbols().contains(node.asText())) {
                    throw new FieldException("取值 " + node + " 不在允许范围内（" + String.join("、", schema.getEnumSymbols()) + "）",
                            "value " + node + " is not one of " + String.join(", ", schema.getEnumSymbols()));
                }
                return SpecificData.get().createEnum(node.asText(), schema);
            default:
                throw new IllegalStateException("the event schemas use no " + schema.getType() + " field");
        }
    }

    private static JsonNode writeValue(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof Instant instant) {
            return f.textNode(formatTimestamp(instant));
        }
        if (value instanceof BigDecimal decimal) {
            BigDecimal plain = decimal.stripTrailingZeros();
            return f.numberNode(plain.scale() < 0 ? plain.setScale(0) : plain);
        }
        if (value instanceof Integer i) {
            return f.numberNode(i);
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof Boolean b) {
            return f.booleanNode(b);
        }
        return f.textNode(value.toString());
    }

    private static DecodedEvent rejected(Violation violation) {
        return new DecodedEvent.Rejected(List.of(violation));
    }

    /** A field that cannot be read, with its reason in both languages. */
    private static final class FieldException extends Exception {
        final String zh;
        final String en;

        FieldException(String zh, String en) {
            super(en, null, false, false);
            this.zh = zh;
            this.en = en;
        }
    }
}
