package cn.fazhi.pulse.store.ledger;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * What submissions of entity ledgers said, per town, kind and entity (tables of migration V4):
 * loaded before a submission to compare it, saved after its events are stored.
 */
public final class LedgerSubmissionStore {
    private static final int BATCH = 2000;

    private final Jdbi jdbi;

    public LedgerSubmissionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The counts a submission's receipt gives. */
    public record Receipt(boolean sync, int added, int changed, int deleted, int unchanged) {}

    /** Every entity of these towns and kinds, with its steps. */
    public List<StoredLedgerEntity> load(Set<String> townCodes, Set<String> kinds) {
        if (townCodes.isEmpty() || kinds.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> {
            Map<String, List<StoredLedgerStep>> steps = new LinkedHashMap<>();
            h.createQuery("""
                    SELECT town_code, kind, entity_id, step, event_id, event_type, fingerprint, generation, superseded, withdrawn,
                           content::text AS content
                    FROM ledger_step WHERE town_code = ANY(:towns) AND kind = ANY(:kinds)
                    ORDER BY town_code, kind, entity_id, step""")
                    .bindArray("towns", String.class, townCodes).bindArray("kinds", String.class, kinds)
                    .map((rs, ctx) -> {
                        steps.computeIfAbsent(key(rs.getString("town_code"), rs.getString("kind"), rs.getString("entity_id")),
                                k -> new ArrayList<>()).add(new StoredLedgerStep(rs.getString("step"), rs.getString("event_id"),
                                rs.getString("event_type"), rs.getLong("fingerprint"), rs.getInt("generation"), longs(rs.getArray("superseded")),
                                rs.getBoolean("withdrawn"), rs.getString("content")));
                        return 0;
                    }).list();
            return h.createQuery("""
                    SELECT town_code, kind, entity_id, year, place FROM ledger_entity
                    WHERE town_code = ANY(:towns) AND kind = ANY(:kinds) ORDER BY town_code, kind, entity_id""")
                    .bindArray("towns", String.class, townCodes).bindArray("kinds", String.class, kinds)
                    .map((rs, ctx) -> new StoredLedgerEntity(rs.getString("town_code"), rs.getString("kind"), rs.getString("entity_id"),
                            rs.getInt("year"), rs.getString("place"),
                            steps.getOrDefault(key(rs.getString("town_code"), rs.getString("kind"), rs.getString("entity_id")), List.of())))
                    .list();
        });
    }

    /**
     * Keeps what a submission published, in one transaction: its receipt, and each entity it
     * changed, replacing what was kept for it.
     *
     * @return the submission's number
     */
    public long save(Collection<StoredLedgerEntity> entities, Receipt receipt, Instant submittedAt) {
        return jdbi.inTransaction(h -> {
            long id = h.createUpdate("""
                    INSERT INTO ledger_submission (submitted_at, sync, added, changed, deleted, unchanged)
                    VALUES (:at, :sync, :added, :changed, :deleted, :unchanged)""")
                    .bind("at", Timestamp.from(submittedAt)).bind("sync", receipt.sync()).bind("added", receipt.added())
                    .bind("changed", receipt.changed()).bind("deleted", receipt.deleted()).bind("unchanged", receipt.unchanged())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            List<StoredLedgerEntity> all = List.copyOf(entities);
            for (int from = 0; from < all.size(); from += BATCH) {
                write(h, all.subList(from, Math.min(all.size(), from + BATCH)), id);
            }
            return id;
        });
    }

    private static void write(Handle h, List<StoredLedgerEntity> entities, long submission) {
        PreparedBatch upsert = h.prepareBatch("""
                INSERT INTO ledger_entity (town_code, kind, entity_id, year, place, submission_id)
                VALUES (:town, :kind, :entity, :year, :place, :submission)
                ON CONFLICT (town_code, kind, entity_id) DO UPDATE
                SET year = EXCLUDED.year, place = EXCLUDED.place, submission_id = EXCLUDED.submission_id""");
        PreparedBatch clear = h.prepareBatch("DELETE FROM ledger_step WHERE town_code = :town AND kind = :kind AND entity_id = :entity");
        PreparedBatch steps = h.prepareBatch("""
                INSERT INTO ledger_step (town_code, kind, entity_id, step, event_id, event_type, fingerprint, generation, superseded,
                                         withdrawn, content)
                VALUES (:town, :kind, :entity, :step, :eventId, :eventType, :fingerprint, :generation, :superseded, :withdrawn,
                        CAST(:content AS jsonb))""");
        for (StoredLedgerEntity e : entities) {
            upsert.bind("town", e.townCode()).bind("kind", e.kind()).bind("entity", e.entityId()).bind("year", e.year())
                    .bind("place", e.place()).bind("submission", submission).add();
            clear.bind("town", e.townCode()).bind("kind", e.kind()).bind("entity", e.entityId()).add();
            for (StoredLedgerStep s : e.steps()) {
                steps.bind("town", e.townCode()).bind("kind", e.kind()).bind("entity", e.entityId()).bind("step", s.step())
                        .bind("eventId", s.eventId()).bind("eventType", s.eventType()).bind("fingerprint", s.fingerprint())
                        .bind("generation", s.generation()).bindArray("superseded", Long.class, s.superseded())
                        .bind("withdrawn", s.withdrawn()).bind("content", s.content()).add();
            }
        }
        upsert.execute();
        clear.execute();
        if (steps.size() > 0) {
            steps.execute();
        }
    }

    private static String key(String town, String kind, String entity) {
        return town + '|' + kind + '|' + entity;
    }

    private static List<Long> longs(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((Long[]) array.getArray());
    }
}
