package cn.fazhi.pulse.app.demo;

import cn.fazhi.pulse.producers.submission.EntityChange;
import cn.fazhi.pulse.producers.submission.EntityKey;
import cn.fazhi.pulse.producers.submission.SubmissionPlan;
import cn.fazhi.pulse.producers.submission.SubmittedEntity;
import cn.fazhi.pulse.producers.submission.SubmittedLedgers;
import cn.fazhi.pulse.producers.submission.SubmittedStep;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.store.ledger.LedgerSubmissionStore;
import cn.fazhi.pulse.store.ledger.StoredLedgerEntity;
import cn.fazhi.pulse.store.ledger.StoredLedgerStep;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What earlier submissions of entity ledgers said, kept in the pipeline's PostgreSQL: the
 * submission (producers) on one side, the store's tables on the other.
 */
public final class StoredSubmissions implements SubmittedLedgers {
    private final LedgerSubmissionStore store;
    private final Clock clock;

    public StoredSubmissions(LedgerSubmissionStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The database's, brought to this release's schema first.
     *
     * @throws IllegalStateException saying which database could not be reached, and what to do
     */
    public static StoredSubmissions open(Database database) {
        try {
            DatabaseSchema.migrate(database.dataSource());
        } catch (RuntimeException e) {
            throw new IllegalStateException("无法连接数据库 " + database.jdbcUrl() + "：实体台账须与以前的上报比较（./fazhi demo 是否在运行？或用 --set db.url=… 指定数据库）"
                    + " / cannot reach the database at " + database.jdbcUrl() + ": an entity ledger is compared with earlier submissions"
                    + " (is ./fazhi demo running? or name the database with --set db.url=…): " + rootMessage(e), e);
        }
        return new StoredSubmissions(new LedgerSubmissionStore(database.jdbi()), Clock.systemUTC());
    }

    @Override
    public Map<EntityKey, SubmittedEntity> load(Set<String> townCodes, Set<String> kinds) {
        Map<EntityKey, SubmittedEntity> entities = new LinkedHashMap<>();
        for (StoredLedgerEntity e : store.load(townCodes, kinds)) {
            EntityKey key = new EntityKey(e.townCode(), e.kind(), e.entityId());
            entities.put(key, new SubmittedEntity(key, e.year(), e.place(), e.steps().stream().map(s -> new SubmittedStep(s.step(),
                    s.eventId(), s.eventType(), s.fingerprint(), s.generation(), s.superseded(), s.withdrawn(), s.content())).toList()));
        }
        return entities;
    }

    @Override
    public long save(Collection<SubmittedEntity> entities, SubmissionPlan plan, boolean sync) {
        var stored = entities.stream().map(e -> new StoredLedgerEntity(e.key().townCode(), e.key().kind(), e.key().entityId(), e.year(),
                e.place(), e.steps().stream().map(s -> new StoredLedgerStep(s.step(), s.eventId(), s.eventType(), s.fingerprint(),
                        s.generation(), s.superseded(), s.withdrawn(), s.content())).toList())).toList();
        var receipt = new LedgerSubmissionStore.Receipt(sync, (int) plan.count(EntityChange.Change.ADDED), (int) plan.count(EntityChange.Change.CHANGED),
                (int) plan.count(EntityChange.Change.DELETED), (int) plan.count(EntityChange.Change.UNCHANGED));
        return store.save(stored, receipt, clock.instant());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
