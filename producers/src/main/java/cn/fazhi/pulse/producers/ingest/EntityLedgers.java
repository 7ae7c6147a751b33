package cn.fazhi.pulse.producers.ingest;

import cn.fazhi.pulse.producers.ledger.EntityLedgerRow;
import cn.fazhi.pulse.producers.ledger.LedgerColumns;
import cn.fazhi.pulse.producers.ledger.LedgerEntity;
import cn.fazhi.pulse.producers.submission.EntityKey;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entity ledgers of an import, read: the entities their rows hold, the entities whose rows
 * were refused (a sync leaves those alone), the columns of each ledger, and the rows skipped, by
 * why. What {@link cn.fazhi.pulse.producers.submission.LedgerSubmission} compares with earlier
 * submissions.
 */
public final class EntityLedgers {
    private final List<LedgerEntity> entities = new ArrayList<>();
    private final Set<EntityKey> refused = new LinkedHashSet<>();
    private final List<LedgerColumns> columns = new ArrayList<>();
    private final Map<EntityLedgerRow.Skip, Long> skipped = new EnumMap<>(EntityLedgerRow.Skip.class);

    void add(EntityLedgerRow row) {
        if (row.entity() != null) {
            entities.add(row.entity());
        } else if (row.skipped() != null) {
            skipped.merge(row.skipped(), 1L, Long::sum);
        } else if (row.refusedEntity() != null) {
            String[] parts = row.refusedEntity().split("\\|", 3);
            refused.add(new EntityKey(parts[0], parts[1], parts[2]));
        }
    }

    void add(LedgerColumns ledger) {
        columns.add(ledger);
    }

    public List<LedgerEntity> entities() {
        return List.copyOf(entities);
    }

    public Set<EntityKey> refused() {
        return Set.copyOf(refused);
    }

    public List<LedgerColumns> columns() {
        return List.copyOf(columns);
    }

    public Map<EntityLedgerRow.Skip, Long> skipped() {
        return Map.copyOf(skipped);
    }

    public boolean isEmpty() {
        return columns.isEmpty();
    }

    public Set<String> towns() {
        Set<String> towns = new LinkedHashSet<>();
        entities.forEach(e -> towns.add(e.townCode()));
        refused.forEach(k -> towns.add(k.townCode()));
        return towns;
    }

    public Set<String> kinds() {
        Set<String> kinds = new LinkedHashSet<>();
        columns.forEach(c -> kinds.add(c.kind().entityKind().keySegment()));
        return kinds;
    }
}
