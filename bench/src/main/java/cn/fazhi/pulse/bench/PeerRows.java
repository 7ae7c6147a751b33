package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.schemas.Events;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * An event as one CSV line of the batch peer's flat table ({@code peer/00_schema.sql}): the common
 * fields, a fingerprint of its whole content, then every typed column the indicators read, empty
 * (NULL) where the event type has no such field. Columns are found by the Avro field name, so one
 * mapping serves every type. The arrival time is the table's default: when the row is loaded.
 */
final class PeerRows {
    /** The typed columns after the fixed ones, named as the Avro fields they come from. */
    static final List<String> FIELD_COLUMNS = List.of("retracted_event_id", "dispute_type", "outcome", "agreement_form",
            "escalated_to_criminal", "category", "resolved", "satisfaction", "case_kind", "instance", "leader_appeared",
            "training_kind", "hours", "invited", "attended", "score", "materials_distributed", "consultations", "people", "active",
            "villages", "fine_yuan", "review_days", "legality_reviewed");
    static final String COPY = "COPY peer_event (seq, event_id, event_type, town_code, entity_key, occurred_at, content, "
            + String.join(", ", FIELD_COLUMNS) + ") FROM STDIN (FORMAT csv)";

    private PeerRows() {}

    static void appendCsv(StringBuilder out, long seq, SpecificRecord event) {
        out.append(seq);
        text(out, Events.eventId(event));
        text(out, event.getSchema().getName());
        text(out, Events.townCode(event));
        text(out, Events.key(event));
        text(out, Events.occurredAt(event).toString());
        text(out, content(event));
        Schema schema = event.getSchema();
        for (String column : FIELD_COLUMNS) {
            Schema.Field field = schema.getField(column);
            Object value = field == null ? null : event.get(field.pos());
            if (value == null) {
                out.append(',');
            } else {
                text(out, value.toString());
            }
        }
        out.append('\n');
    }

    /**
     * A fingerprint of the event's every field (an MD5-based UUID of Avro's JSON rendering): two
     * versions of one event id with the same fingerprint are one content, so the later is a duplicate.
     */
    static String content(SpecificRecord event) {
        return UUID.nameUUIDFromBytes(event.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void text(StringBuilder out, String value) {
        out.append(",\"").append(value.replace("\"", "\"\"")).append('"');
    }
}
