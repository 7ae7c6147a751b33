package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.evidence.EvidenceAmount;
import cn.fazhi.pulse.evidence.EvidenceEvent;
import cn.fazhi.pulse.evidence.EvidenceRejection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.PGConnection;

/**
 * Writes the evidence of a batch, inside the transaction {@link SnapshotWriter} opens for the
 * batch's snapshots and offsets: every version to {@code evidence_version} (keyed by its source
 * position, so a replay inserts nothing twice), and the newest version of each item to
 * {@code evidence_latest}, its amounts in {@code evidence_amount} replaced as a whole. Every
 * statement is idempotent, like the snapshots'.
 *
 * <p>An item has a new version with almost every event, so this is the sink's largest write. The
 * versions go to the database with {@code COPY} into a temporary table, the cheapest way in for
 * both sides, and from there into the three tables: two statements per batch, and one indexed
 * delete per amount a newer version replaces.
 */
final class EvidenceWriter {
    // Instants as epoch milliseconds: formatting them as text costs the sink more than converting
    // them costs the database.
    private static final String STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS evidence_staging (
                town_code varchar(12), item_key text, updated_ms bigint, source_partition integer, source_offset bigint,
                kind varchar(32), entity_id text, state varchar(32), opened_ms bigint, closed_ms bigint,
                amount_towns varchar(12)[], amount_months varchar(7)[], amount_measures varchar(96)[], amounts bigint[],
                events json, rejection jsonb, newest boolean)
            ON COMMIT DELETE ROWS""";
    private static final String STAGED = """
            SELECT town_code, item_key, %1$s AS updated_at, source_partition, source_offset, kind, entity_id, state,
                %2$s AS opened_at, %3$s AS closed_at, amount_towns, amount_months, amount_measures, amounts, events, rejection, newest
            FROM evidence_staging""".formatted(SnapshotWriter.instant("updated_ms"), SnapshotWriter.instant("opened_ms"),
                    SnapshotWriter.instant("closed_ms"));
    private static final String COPY = "COPY evidence_staging FROM STDIN";
    private static final String INSERT_VERSIONS = """
            INSERT INTO evidence_version (town_code, item_key, updated_at, source_partition, source_offset, kind, entity_id, state,
                opened_at, closed_at, amount_towns, amount_months, amount_measures, amounts, events, rejection)
            SELECT town_code, item_key, updated_at, source_partition, source_offset, kind, entity_id, state, opened_at, closed_at,
                amount_towns, amount_months, amount_measures, amounts, events, rejection
            FROM (%s) AS s
            ON CONFLICT DO NOTHING""".formatted(STAGED);
    // What the latest rows say now, to find the amounts a newer version replaces.
    private static final String LATEST = """
            SELECT item_key, (extract(epoch FROM updated_at) * 1000)::bigint, source_offset, amount_measures, amount_towns, amount_months
            FROM evidence_latest WHERE item_key = ANY(?)""";
    // One key at a time, each an index lookup: a join here lets the planner read the whole table.
    private static final String DELETE_AMOUNT = "DELETE FROM evidence_amount WHERE measure = ? AND town_code = ? AND month = ? AND item_key = ?";
    // The latest row of each item this batch has a newer version of, and that version's amounts:
    // only items the upsert wrote get amounts, so none can already be there.
    private static final String UPSERT_LATEST_AND_AMOUNTS = """
            WITH written AS (
                INSERT INTO evidence_latest AS l (item_key, town_code, kind, entity_id, state, opened_at, closed_at, updated_at,
                    source_partition, source_offset, amount_towns, amount_months, amount_measures, amounts)
                SELECT item_key, town_code, kind, entity_id, state, opened_at, closed_at, updated_at,
                    source_partition, source_offset, amount_towns, amount_months, amount_measures, amounts
                FROM (%s) AS s WHERE newest
                ON CONFLICT (item_key) DO UPDATE SET town_code = excluded.town_code, kind = excluded.kind,
                    entity_id = excluded.entity_id, state = excluded.state, opened_at = excluded.opened_at,
                    closed_at = excluded.closed_at, updated_at = excluded.updated_at,
                    source_partition = excluded.source_partition, source_offset = excluded.source_offset,
                    amount_towns = excluded.amount_towns, amount_months = excluded.amount_months,
                    amount_measures = excluded.amount_measures, amounts = excluded.amounts
                WHERE (excluded.updated_at, excluded.source_offset) > (l.updated_at, l.source_offset)
                RETURNING item_key, amount_towns, amount_months, amount_measures, amounts)
            INSERT INTO evidence_amount (measure, town_code, month, item_key, amount)
            SELECT a.measure, a.town_code, a.month, w.item_key, a.amount
            FROM written w
              CROSS JOIN LATERAL unnest(w.amount_measures, w.amount_towns, w.amount_months, w.amounts) AS a(measure, town_code, month, amount)"""
            .formatted(STAGED);

    private EvidenceWriter() {}

    static void write(Handle handle, List<SinkBatch.EvidenceEntry> versions, Collection<SinkBatch.EvidenceEntry> newest) {
        if (versions.isEmpty()) {
            return;
        }
        handle.execute(STAGING);
        copy(handle, rows(versions, newest));
        handle.execute(INSERT_VERSIONS);
        deleteReplacedAmounts(handle, newest);
        handle.execute(UPSERT_LATEST_AND_AMOUNTS);
    }

    /** The amounts of the items whose latest row a version of this batch replaces (a newer one wins, however batches are replayed). */
    private static void deleteReplacedAmounts(Handle handle, Collection<SinkBatch.EvidenceEntry> newest) {
        Map<String, SinkBatch.EvidenceEntry> byKey = new HashMap<>();
        newest.forEach(e -> byKey.put(e.key(), e));
        PreparedBatch deletes = handle.prepareBatch(DELETE_AMOUNT);
        handle.createQuery(LATEST).bind(0, byKey.keySet().toArray(String[]::new)).map((rs, ctx) -> {
            SinkBatch.EvidenceEntry incoming = byKey.get(rs.getString(1));
            long storedMillis = rs.getLong(2);
            long storedOffset = rs.getLong(3);
            long incomingMillis = incoming.publishedAt().toEpochMilli();
            boolean newer = incomingMillis > storedMillis || (incomingMillis == storedMillis && incoming.offset() > storedOffset);
            if (newer) {
                String[] measures = (String[]) rs.getArray(4).getArray();
                String[] towns = (String[]) rs.getArray(5).getArray();
                String[] months = (String[]) rs.getArray(6).getArray();
                for (int i = 0; i < measures.length; i++) {
                    deletes.add(measures[i], towns[i], months[i], incoming.key());
                }
            }
            return newer;
        }).list();
        if (deletes.size() > 0) {
            deletes.execute();
        }
    }

    private static void copy(Handle handle, byte[] rows) {
        try {
            handle.getConnection().unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(rows));
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(COPY, e, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The versions in COPY's text format, in the staging table's column order. */
    static byte[] rows(List<SinkBatch.EvidenceEntry> versions, Collection<SinkBatch.EvidenceEntry> newest) {
        Map<SinkBatch.EvidenceEntry, Boolean> isNewest = new IdentityHashMap<>();
        newest.forEach(e -> isNewest.put(e, true));
        CopyText rows = new CopyText();
        for (SinkBatch.EvidenceEntry e : versions) {
            EntityEvidence evidence = e.evidence();
            List<EvidenceAmount> amounts = evidence.getAmounts();
            rows.text(evidence.getTownCode()).text(e.key()).number(e.publishedAt().toEpochMilli()).number(e.partition()).number(e.offset())
                    .text(evidence.getKind()).text(evidence.getEntityId()).text(evidence.getState())
                    .millis(evidence.getOpenedAt()).millis(evidence.getClosedAt())
                    .array(amounts, a -> a.getTownCode()).array(amounts, a -> a.getMonth()).array(amounts, a -> a.getMeasure())
                    .numbers(amounts, EvidenceAmount::getAmount)
                    .text(eventsJson(evidence.getEvents()))
                    .text(rejectionJson(evidence.getRejection()))
                    .last(isNewest.containsKey(e) ? "t" : "f");
        }
        return rows.bytes();
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

    /** Where a refused row is and why, as a JSON object; null for an entity's evidence. */
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

    /**
     * Rows in the text format of {@code COPY}: columns separated by tabs, rows by newlines, a
     * backslash escaping a backslash, tab, newline or carriage return in a value, {@code \N} for null.
     */
    static final class CopyText {
        private final StringBuilder text = new StringBuilder(1 << 16);

        CopyText text(String value) {
            if (value == null) {
                text.append("\\N");
            } else {
                escaped(value);
            }
            return next();
        }

        CopyText number(long value) {
            text.append(value);
            return next();
        }

        /** An instant as epoch milliseconds, or null. */
        CopyText millis(Instant value) {
            if (value == null) {
                text.append("\\N");
            } else {
                text.append(value.toEpochMilli());
            }
            return next();
        }

        /** An array literal of text, an element quoted only where it could otherwise end early or read as null. */
        <T> CopyText array(List<T> values, Function<T, String> element) {
            text.append('{');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                String value = element.apply(values.get(i));
                if (plainArrayElement(value)) {
                    text.append(value);
                    continue;
                }
                text.append('"');
                for (int c = 0; c < value.length(); c++) {
                    char ch = value.charAt(c);
                    if (ch == '"' || ch == '\\') {
                        escapedChar('\\'); // the array literal's escape, itself escaped for COPY
                    }
                    escapedChar(ch);
                }
                text.append('"');
            }
            text.append('}');
            return next();
        }

        /** An array literal of numbers. */
        <T> CopyText numbers(List<T> values, ToLongFunction<T> element) {
            text.append('{');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                text.append(element.applyAsLong(values.get(i)));
            }
            text.append('}');
            return next();
        }

        private static boolean plainArrayElement(String value) {
            if (value.isEmpty() || value.equalsIgnoreCase("NULL")) {
                return false;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c <= ' ' || c == '"' || c == '\\' || c == ',' || c == '{' || c == '}') {
                    return false;
                }
            }
            return true;
        }

        void last(String value) {
            escaped(value);
            text.append('\n');
        }

        byte[] bytes() {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }

        private CopyText next() {
            text.append('\t');
            return this;
        }

        private void escaped(String value) {
            int i = 0;
            while (i < value.length() && !special(value.charAt(i))) {
                i++;
            }
            text.append(value, 0, i); // most values have nothing to escape: copied at once
            for (; i < value.length(); i++) {
                escapedChar(value.charAt(i));
            }
        }

        private static boolean special(char c) {
            return c == '\\' || c == '\t' || c == '\n' || c == '\r';
        }

        private void escapedChar(char c) {
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }
}
