package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.schemas.Scopes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Update;

/**
 * Writes one batch in one transaction: history rows, the current table, scope names and the
 * offsets the batch completes. Either all of it is stored or none, so the sink resumes exactly
 * where the database says. Every statement is idempotent, so writing a batch twice changes nothing.
 */
public final class SnapshotWriter implements AutoCloseable {
    // Each column bound as one array and unnested: a batch of thousands of snapshots is one short
    // statement to parse, where a multi-row VALUES list is thousands of parameters.
    private static final String SNAPSHOT_ROWS = """
            SELECT * FROM unnest(?::int[], ?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[], ?::numeric[],
                ?::numeric[], ?::float8[], ?::bigint[], ?::bigint[])
                AS row(partition, "offset", scope, period, indicator, numerator, denominator, value, as_of_ms, updated_ms)""";
    private static final String INSERT_HISTORY = """
            INSERT INTO indicator_history (source_partition, source_offset, scope_code, period, indicator,
                numerator, denominator, value, as_of, updated_at)
            SELECT partition, "offset", scope, period, indicator, numerator, denominator, value,
                %1$s, %2$s
            FROM (%3$s) AS rows
            ON CONFLICT (source_partition, source_offset) DO NOTHING""".formatted(instant("as_of_ms"), instant("updated_ms"), SNAPSHOT_ROWS);
    // A newer snapshot replaces an older one, never the reverse, however batches are replayed.
    private static final String UPSERT_CURRENT = """
            INSERT INTO indicator_current (scope_code, period, indicator, numerator, denominator, value, as_of,
                updated_at, source_partition, source_offset)
            SELECT scope, period, indicator, numerator, denominator, value, %1$s, %2$s, partition, "offset"
            FROM (%3$s) AS rows
            ON CONFLICT (scope_code, period, indicator) DO UPDATE SET
                numerator = excluded.numerator, denominator = excluded.denominator, value = excluded.value,
                as_of = excluded.as_of, updated_at = excluded.updated_at,
                source_partition = excluded.source_partition, source_offset = excluded.source_offset
            WHERE (excluded.updated_at, excluded.source_offset) > (indicator_current.updated_at, indicator_current.source_offset)"""
            .formatted(instant("as_of_ms"), instant("updated_ms"), SNAPSHOT_ROWS);
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
    private final int connections;
    private final ExecutorService parallel;
    // One open connection per lane, kept between batches: opening one starts a PostgreSQL backend,
    // which cost as much as writing a part of a batch. Batches are written one after another, so a
    // lane is never used by two threads at once; a failed lane is closed and opened again.
    private final Handle[] lanes;

    /** A writer of one transaction at a time. */
    public SnapshotWriter(Jdbi jdbi) {
        this(jdbi, 1);
    }

    /**
     * A writer that splits each batch by partition over up to {@code connections} transactions at
     * once: one PostgreSQL backend is the sink's limit (each works on one core), and the parts
     * never touch the same rows.
     */
    public SnapshotWriter(Jdbi jdbi, int connections) {
        this.jdbi = jdbi;
        this.connections = connections;
        this.lanes = new Handle[connections];
        this.parallel = connections > 1 ? Executors.newFixedThreadPool(connections - 1, runnable -> {
            Thread thread = new Thread(runnable, "fazhi-sink-writer");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    /**
     * Stores the batch. In parts, some may commit while another fails; writing the whole batch
     * again is then harmless, as every statement is idempotent.
     */
    public void write(SinkBatch batch) {
        List<SinkBatch> parts = batch.byPartition(connections);
        if (parts.size() == 1) {
            writeInOneTransaction(0, parts.get(0));
            return;
        }
        List<Future<?>> others = new ArrayList<>();
        for (int lane = 1; lane < parts.size(); lane++) {
            int l = lane;
            others.add(parallel.submit(() -> writeInOneTransaction(l, parts.get(l))));
        }
        RuntimeException failure = null;
        try {
            writeInOneTransaction(0, parts.get(0));
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> other : others) {
            try {
                other.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r : new RetriableSinkException("a parallel write failed", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetriableSinkException("interrupted while writing a batch; it will be read again on restart", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (parallel != null) {
            parallel.shutdown();
        }
        for (int lane = 0; lane < lanes.length; lane++) {
            closeLane(lane);
        }
    }

    private void writeInOneTransaction(int lane, SinkBatch batch) {
        if (lanes[lane] == null) {
            lanes[lane] = jdbi.open();
        }
        try {
            writeInOneTransaction(lanes[lane], batch);
        } catch (RuntimeException e) {
            closeLane(lane); // the connection may be what failed: the next attempt opens a new one
            throw e;
        }
    }

    private void closeLane(int lane) {
        Handle handle = lanes[lane];
        lanes[lane] = null;
        if (handle != null) {
            try {
                handle.close();
            } catch (RuntimeException e) {
                // closing a connection the database already dropped: nothing more to release
            }
        }
    }

    private static void writeInOneTransaction(Handle lane, SinkBatch batch) {
        lane.useTransaction(handle -> {
            // The offsets commit in the same transaction as the rows, so a commit the database
            // loses in a crash only makes the sink read those records again: waiting for the
            // flush to disk would buy nothing but time.
            handle.execute("SET LOCAL synchronous_commit = off");
            writeTowns(handle, batch);
            writeSnapshots(handle, INSERT_HISTORY, batch.history());
            writeSnapshots(handle, UPSERT_CURRENT, batch.latestPerKey());
            EvidenceWriter.write(handle, batch.evidence(), batch.latestEvidencePerKey());
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

    private static void writeSnapshots(Handle handle, String sql, Collection<SinkBatch.Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        int n = entries.size();
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        String[] scopes = new String[n];
        String[] periods = new String[n];
        String[] indicators = new String[n];
        String[] numerators = new String[n];
        String[] denominators = new String[n];
        Double[] values = new Double[n];
        Long[] asOf = new Long[n];
        Long[] updatedAt = new Long[n];
        int i = 0;
        for (SinkBatch.Entry e : entries) {
            var s = e.snapshot();
            partitions[i] = e.partition();
            offsets[i] = e.offset();
            scopes[i] = s.getScopeCode();
            periods[i] = s.getPeriod();
            indicators[i] = s.getIndicator();
            numerators[i] = s.getNumerator().toPlainString();
            denominators[i] = s.getDenominator() == null ? null : s.getDenominator().toPlainString();
            values[i] = s.getValue();
            asOf[i] = s.getAsOf().toEpochMilli();
            updatedAt[i] = e.publishedAt().toEpochMilli();
            i++;
        }
        Update update = handle.createUpdate(sql);
        Object[][] columns = {partitions, offsets, scopes, periods, indicators, numerators, denominators, values, asOf, updatedAt};
        String[] types = {"int4", "int8", "varchar", "varchar", "varchar", "varchar", "varchar", "float8", "int8", "int8"};
        for (int c = 0; c < columns.length; c++) {
            Object[] column = columns[c];
            String type = types[c];
            update.bind(c, (Argument) (position, statement, context) ->
                    statement.setArray(position, statement.getConnection().createArrayOf(type, column)));
        }
        update.execute();
    }

    /** Epoch milliseconds to timestamptz, in integer arithmetic so no millisecond is rounded. */
    static String instant(String millisColumn) {
        return "('epoch'::timestamptz + " + millisColumn + " * interval '1 millisecond')";
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
