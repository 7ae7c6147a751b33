package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.schemas.Events;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * An event as one CSV line of the batch peer's flat table ({@code peer/00_schema.sql}): the common
 * fields, then every typed column the covered indicators read, empty (NULL) where the event type
 * has no such field. Columns are found by the Avro field name, so one mapping serves every type.
 */
final class PeerRows {
    /** The typed columns after the fixed ones, named as the Avro fields they come from. */
    static final List<String> FIELD_COLUMNS = List.of("retracted_event_id", "dispute_type", "outcome", "agreement_form",
            "escalated_to_criminal", "category", "resolved", "satisfaction", "training_kind", "hours", "invited", "attended",
            "fine_yuan");
    static final String COPY = "COPY peer_event (seq, event_id, event_type, town_code, entity_key, occurred_at, "
            + String.join(", ", FIELD_COLUMNS) + ") FROM STDIN (FORMAT csv)";

    private PeerRows() {}

    static void appendCsv(StringBuilder out, long seq, SpecificRecord event) {
        out.append(seq);
        text(out, Events.eventId(event));
        text(out, event.getSchema().getName());
        text(out, Events.townCode(event));
        text(out, Events.key(event));
        text(out, Events.occurredAt(event).toString());
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

    private static void text(StringBuilder out, String value) {
        out.append(",\"").append(value.replace("\"", "\"\"")).append('"');
    }
}
