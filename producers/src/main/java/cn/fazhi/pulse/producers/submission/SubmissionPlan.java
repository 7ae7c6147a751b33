package cn.fazhi.pulse.producers.submission;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a submission of entity ledgers will do, before it does anything: how each entity differs
 * from what earlier submissions said, the events that make the pipeline agree with the ledger
 * (new steps, corrections, retractions), and what to keep afterwards. Publishing nothing of it
 * is a dry run.
 *
 * @param changes every entity of the ledger, and every earlier one it covers but no longer lists
 * @param events what to publish, in order
 * @param toSave what to keep once {@code events} are stored, for the entities that changed
 */
public record SubmissionPlan(List<EntityChange> changes, List<SpecificRecord> events, List<SubmittedEntity> toSave) {

    public SubmissionPlan {
        changes = List.copyOf(changes);
        events = List.copyOf(events);
        toSave = List.copyOf(toSave);
    }

    public Map<EntityChange.Change, Long> counts() {
        Map<EntityChange.Change, Long> counts = new EnumMap<>(EntityChange.Change.class);
        for (EntityChange.Change c : EntityChange.Change.values()) {
            counts.put(c, 0L);
        }
        changes.forEach(c -> counts.merge(c.change(), 1L, Long::sum));
        return counts;
    }

    public long count(EntityChange.Change change) {
        return counts().get(change);
    }

    /** {@code 新增 3、修改 1、删除 0、不变 12} (and the entities kept though no longer listed, when there are any). */
    public String summary() {
        Map<EntityChange.Change, Long> c = counts();
        String line = String.format("新增 %,d、修改 %,d、删除 %,d、不变 %,d / added %,d, changed %,d, deleted %,d, unchanged %,d",
                c.get(EntityChange.Change.ADDED), c.get(EntityChange.Change.CHANGED), c.get(EntityChange.Change.DELETED),
                c.get(EntityChange.Change.UNCHANGED), c.get(EntityChange.Change.ADDED), c.get(EntityChange.Change.CHANGED),
                c.get(EntityChange.Change.DELETED), c.get(EntityChange.Change.UNCHANGED));
        long kept = c.get(EntityChange.Change.NOT_LISTED);
        return kept == 0 ? line : line + String.format("；未列出 %,d 件（保留，--sync 才撤回） / %,d no longer listed (kept; --sync withdraws them)", kept, kept);
    }
}
