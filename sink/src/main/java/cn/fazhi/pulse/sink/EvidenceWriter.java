package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.evidence.EvidenceAmount;
import cn.fazhi.pulse.evidence.EvidenceEvent;
import cn.fazhi.pulse.evidence.EvidenceRejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.Update;

/**
 * Writes the evidence of a batch, inside the transaction {@link SnapshotWriter} opens for the
 * batch's snapshots and offsets: every version to the history (keyed by its source position, so a
 * replay inserts nothing twice), and the newest version of each item to the current tables, its
 * amounts replaced as a whole. Every statement is idempotent, like the snapshots'.
 */
final class EvidenceWriter {
    private static final String ITEM_ROWS = """
            SELECT * FROM unnest(?::int[], ?::bigint[], ?::text[], ?::varchar[], ?::varchar[], ?::text[], ?::varchar[],
                ?::bigint[], ?::bigint[], ?::text[], ?::bigint[], ?::text[])
                AS row(partition, "offset", item_key, town_code, kind, entity_id, state, opened_ms, closed_ms, events, updated_ms,
                    rejection)""";
    private static final String AMOUNT_ROWS = """
            SELECT * FROM unnest(?::int[], ?::bigint[], ?::text[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[])
                AS row(partition, "offset", item_key, town_code, month, measure, amount)""";
    private static final String INSERT_HISTORY = """
            INSERT INTO evidence_history (source_partition, source_offset, item_key, town_code, kind, entity_id, state,
                opened_at, closed_at, events, updated_at, rejection)
            SELECT partition, "offset", item_key, town_code, kind, entity_id, state, %1$s, %2$s, events::jsonb, %3$s, rejection::jsonb
            FROM (%4$s) AS rows
            ON CONFLICT (source_partition, source_offset) DO NOTHING"""
            .formatted(instant("opened_ms"), instant("closed_ms"), instant("updated_ms"), ITEM_ROWS);
    private static final String INSERT_AMOUNT_HISTORY = """
            INSERT INTO evidence_amount_history (source_partition, source_offset, town_code, month, measure, amount)
            SELECT partition, "offset", town_code, month, measure, amount FROM (%s) AS rows
            ON CONFLICT DO NOTHING""".formatted(AMOUNT_ROWS);
    // A newer version replaces an older one, never the reverse, however batches are replayed.
    private static final String UPSERT_CURRENT = """
            INSERT INTO evidence_current (item_key, town_code, kind, entity_id, state, opened_at, closed_at, events,
                updated_at, source_partition, source_offset, rejection)
            SELECT item_key, town_code, kind, entity_id, state, %1$s, %2$s, events::jsonb, %3$s, partition, "offset", rejection::jsonb
            FROM (%4$s) AS rows
            ON CONFLICT (item_key) DO UPDATE SET town_code = excluded.town_code, kind = excluded.kind,
                entity_id = excluded.entity_id, state = excluded.state, opened_at = excluded.opened_at,
                closed_at = excluded.closed_at, events = excluded.events, updated_at = excluded.updated_at,
                source_partition = excluded.source_partition, source_offset = excluded.source_offset,
                rejection = excluded.rejection
            WHERE (excluded.updated_at, excluded.source_offset) > (evidence_current.updated_at, evidence_current.source_offset)"""
            .formatted(instant("opened_ms"), instant("closed_ms"), instant("updated_ms"), ITEM_ROWS);
    // The amounts of the items whose current row is now the version of this batch: replaced whole.
    private static final String DELETE_CURRENT_AMOUNTS = """
            DELETE FROM evidence_amount_current a
            USING unnest(?::text[], ?::int[], ?::bigint[]) AS written(item_key, partition, "offset"), evidence_current c
            WHERE c.item_key = written.item_key AND c.source_partition = written.partition AND c.source_offset = written."offset"
              AND a.item_key = written.item_key""";
    private static final String INSERT_CURRENT_AMOUNTS = """
            INSERT INTO evidence_amount_current (item_key, town_code, month, measure, amount)
            SELECT rows.item_key, rows.town_code, rows.month, rows.measure, rows.amount
            FROM (%s) AS rows
            JOIN evidence_current c ON c.item_key = rows.item_key AND c.source_partition = rows.partition AND c.source_offset = rows."offset"
            ON CONFLICT DO NOTHING""".formatted(AMOUNT_ROWS);

    private EvidenceWriter() {}

    static void write(Handle handle, List<SinkBatch.EvidenceEntry> history, Collection<SinkBatch.EvidenceEntry> latest) {
        if (history.isEmpty()) {
            return;
        }
        update(handle, INSERT_HISTORY, items(history));
        update(handle, INSERT_AMOUNT_HISTORY, amounts(history));
        update(handle, UPSERT_CURRENT, items(latest));
        int n = latest.size();
        String[] keys = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        int i = 0;
        for (SinkBatch.EvidenceEntry e : latest) {
            keys[i] = e.key();
            partitions[i] = e.partition();
            offsets[i++] = e.offset();
        }
        update(handle, DELETE_CURRENT_AMOUNTS, new Column[] {new Column("text", keys), new Column("int4", partitions), new Column("int8", offsets)});
        update(handle, INSERT_CURRENT_AMOUNTS, amounts(latest));
    }

    private record Column(String type, Object[] values) {}

    private static Column[] items(Collection<SinkBatch.EvidenceEntry> entries) {
        int n = entries.size();
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        String[] keys = new String[n];
        String[] towns = new String[n];
        String[] kinds = new String[n];
        String[] ids = new String[n];
        String[] states = new String[n];
        Long[] opened = new Long[n];
        Long[] closed = new Long[n];
        String[] events = new String[n];
        Long[] updated = new Long[n];
        String[] rejections = new String[n];
        int i = 0;
        for (SinkBatch.EvidenceEntry e : entries) {
            EntityEvidence evidence = e.evidence();
            partitions[i] = e.partition();
            offsets[i] = e.offset();
            keys[i] = e.key();
            towns[i] = evidence.getTownCode();
            kinds[i] = evidence.getKind();
            ids[i] = evidence.getEntityId();
            states[i] = evidence.getState();
            opened[i] = millis(evidence.getOpenedAt());
            closed[i] = millis(evidence.getClosedAt());
            events[i] = eventsJson(evidence.getEvents());
            updated[i] = e.publishedAt().toEpochMilli();
            rejections[i] = rejectionJson(evidence.getRejection());
            i++;
        }
        return new Column[] {new Column("int4", partitions), new Column("int8", offsets), new Column("text", keys),
                new Column("varchar", towns), new Column("varchar", kinds), new Column("text", ids), new Column("varchar", states),
                new Column("int8", opened), new Column("int8", closed), new Column("text", events), new Column("int8", updated),
                new Column("text", rejections)};
    }

    private static Column[] amounts(Collection<SinkBatch.EvidenceEntry> entries) {
        List<Integer> partitions = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> towns = new ArrayList<>();
        List<String> months = new ArrayList<>();
        List<String> measures = new ArrayList<>();
        List<Long> amounts = new ArrayList<>();
        for (SinkBatch.EvidenceEntry e : entries) {
            for (EvidenceAmount amount : e.evidence().getAmounts()) {
                partitions.add(e.partition());
                offsets.add(e.offset());
                keys.add(e.key());
                towns.add(amount.getTownCode());
                months.add(amount.getMonth());
                measures.add(amount.getMeasure());
                amounts.add(amount.getAmount());
            }
        }
        return new Column[] {new Column("int4", partitions.toArray(Integer[]::new)), new Column("int8", offsets.toArray(Long[]::new)),
                new Column("text", keys.toArray(String[]::new)), new Column("varchar", towns.toArray(String[]::new)),
                new Column("varchar", months.toArray(String[]::new)), new Column("varchar", measures.toArray(String[]::new)),
                new Column("int8", amounts.toArray(Long[]::new))};
    }

    private static void update(Handle handle, String sql, Column[] columns) {
        if (columns[0].values().length == 0) {
            return;
        }
        Update update = handle.createUpdate(sql);
        for (int c = 0; c < columns.length; c++) {
            Column column = columns[c];
            update.bind(c, (Argument) (position, statement, context) ->
                    statement.setArray(position, statement.getConnection().createArrayOf(column.type(), column.values())));
        }
        update.execute();
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    /** The events as a JSON array: ids, types, instants (epoch milliseconds) and flags. */
    static String eventsJson(List<EvidenceEvent> events) {
        StringBuilder json = new StringBuilder("[");
        for (EvidenceEvent e : events) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"event_id\":");
            string(json, e.getEventId());
            json.append(",\"type\":");
            string(json, e.getType());
            json.append(",\"occurred_at\":").append(e.getOccurredAt().toEpochMilli());
            json.append(",\"arrived_at\":").append(e.getArrivedAt().toEpochMilli());
            json.append(",\"submitter\":");
            string(json, e.getSubmitter());
            json.append(",\"corrected\":").append(e.getCorrected());
            json.append(",\"retracted\":").append(e.getRetracted()).append('}');
        }
        return json.append(']').toString();
    }

    /** Where a refused row is and why, as a JSON object; null for an entity. */
    static String rejectionJson(EvidenceRejection rejection) {
        if (rejection == null) {
            return null;
        }
        StringBuilder json = new StringBuilder("{\"source\":");
        string(json, rejection.getSource());
        json.append(",\"position\":");
        string(json, rejection.getPosition());
        json.append(",\"reason\":");
        string(json, rejection.getReason());
        return json.append('}').toString();
    }

    private static void string(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    /** Epoch milliseconds to timestamptz, in integer arithmetic so no millisecond is rounded. */
    private static String instant(String millisColumn) {
        return "('epoch'::timestamptz + " + millisColumn + " * interval '1 millisecond')";
    }
}
