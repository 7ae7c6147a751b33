package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.schemas.Scopes;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes one batch in one transaction: history rows, the current table, scope names and the
 * offsets the batch completes. Either all of it is stored or none, so the sink resumes exactly
 * where the database says. Every statement is idempotent, so writing a batch twice changes nothing.
 */
public final class SnapshotWriter {
    private static final String INSERT_HISTORY = """
            INSERT INTO indicator_history (source_partition, source_offset, scope_code, period, indicator,
                numerator, denominator, value, as_of, updated_at)
            VALUES (:partition, :offset, :scope, :period, :indicator, :numerator, :denominator, :value, :asOf, :updatedAt)
            ON CONFLICT (source_partition, source_offset) DO NOTHING""";
    // A newer snapshot replaces an older one, never the reverse, however batches are replayed.
    private static final String UPSERT_CURRENT = """
            INSERT INTO indicator_current (scope_code, period, indicator, numerator, denominator, value, as_of,
                updated_at, source_partition, source_offset)
            VALUES (:scope, :period, :indicator, :numerator, :denominator, :value, :asOf, :updatedAt, :partition, :offset)
            ON CONFLICT (scope_code, period, indicator) DO UPDATE SET
                numerator = excluded.numerator, denominator = excluded.denominator, value = excluded.value,
                as_of = excluded.as_of, updated_at = excluded.updated_at,
                source_partition = excluded.source_partition, source_offset = excluded.source_offset
            WHERE (excluded.updated_at, excluded.source_offset) > (indicator_current.updated_at, indicator_current.source_offset)""";
    private static final String UPSERT_SCOPE = """
            INSERT INTO scope (code, level, name, parent_code, town_level, villages, updated_at)
            VALUES (:code, :level, :name, :parent, :townLevel, :villages, now())
            ON CONFLICT (code) DO UPDATE SET level = excluded.level, name = excluded.name,
                parent_code = excluded.parent_code,
                town_level = COALESCE(excluded.town_level, scope.town_level),
                villages = COALESCE(excluded.villages, scope.villages), updated_at = now()""";
    private static final String UPSERT_OFFSET = """
            INSERT INTO sink_offset (topic, partition, next_offset) VALUES (:topic, :partition, :next)
            ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset
            WHERE excluded.next_offset > sink_offset.next_offset""";

    private final Jdbi jdbi;

    public SnapshotWriter(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void write(SinkBatch batch) {
        jdbi.useTransaction(handle -> {
            writeTowns(handle, batch);
            writeSnapshots(handle, INSERT_HISTORY, batch.history());
            writeSnapshots(handle, UPSERT_CURRENT, batch.latestPerKey());
            PreparedBatch offsets = handle.prepareBatch(UPSERT_OFFSET);
            for (SinkBatch.Position p : batch.positions()) {
                offsets.bind("topic", p.topic()).bind("partition", p.partition()).bind("next", p.nextOffset()).add();
            }
            execute(offsets);
        });
    }

    /** Where to resume: the next offset of each partition of the topics, as last committed. */
    public Map<TopicPartition, Long> storedOffsets() {
        return jdbi.withHandle(handle -> {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            handle.createQuery("SELECT topic, partition, next_offset FROM sink_offset")
                    .map((rs, ctx) -> Map.entry(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3)))
                    .forEach(e -> offsets.put(e.getKey(), e.getValue()));
            return offsets;
        });
    }

    private static void writeSnapshots(Handle handle, String sql, Iterable<SinkBatch.Entry> entries) {
        PreparedBatch batch = handle.prepareBatch(sql);
        for (SinkBatch.Entry e : entries) {
            var s = e.snapshot();
            batch.bind("partition", e.partition())
                    .bind("offset", e.offset())
                    .bind("scope", s.getScopeCode())
                    .bind("period", s.getPeriod())
                    .bind("indicator", s.getIndicator())
                    .bind("numerator", s.getNumerator())
                    .bind("denominator", s.getDenominator())
                    .bind("value", s.getValue())
                    .bind("asOf", Timestamp.from(s.getAsOf()))
                    .bind("updatedAt", Timestamp.from(e.publishedAt()))
                    .add();
        }
        execute(batch);
    }

    private record ScopeRow(String code, String level, String name, String parent, String townLevel, Integer villages) {}

    private static void writeTowns(Handle handle, SinkBatch batch) {
        // Towns of one district share its row: one row per code, or the upsert would touch it twice.
        Map<String, ScopeRow> rows = new LinkedHashMap<>();
        for (TownRegistered town : batch.towns()) {
            String district = Scopes.districtOf(town.getTownCode());
            String city = Scopes.cityOf(town.getTownCode());
            rows.put(city, new ScopeRow(city, "CITY", town.getCity(), null, null, null));
            rows.put(district, new ScopeRow(district, "DISTRICT", town.getDistrict(), city, null, null));
            rows.put(town.getTownCode(), new ScopeRow(town.getTownCode(), "TOWN", town.getName(), district,
                    town.getLevel().name(), town.getVillages()));
        }
        PreparedBatch scopes = handle.prepareBatch(UPSERT_SCOPE);
        for (ScopeRow row : rows.values()) {
            scopes.bind("code", row.code()).bind("level", row.level()).bind("name", row.name()).bind("parent", row.parent())
                    .bind("townLevel", row.townLevel()).bind("villages", row.villages()).add();
        }
        execute(scopes);
    }

    private static void execute(PreparedBatch batch) {
        if (batch.size() > 0) {
            batch.execute();
        }
    }
}
