package cn.fazhi.pulse.producers.submission;

import cn.fazhi.pulse.events.EventRetracted;
import cn.fazhi.pulse.producers.ledger.LedgerEntity;
import cn.fazhi.pulse.producers.ledger.StableEventIds;
import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * A submission of entity ledgers, compared with what earlier submissions said: which entities
 * are new, edited, unchanged or (with sync) deleted, and the events that make the pipeline say
 * what the ledger says now. Plain Java with no Kafka or database in sight: the command line and a
 * web upload read the files, load what was kept ({@link SubmittedLedgers}), {@link #plan} here,
 * publish the plan's events and save its state.
 *
 * <p>Each step keeps one {@link StableEventIds stable id}: an edited step is sent again under it
 * (a correction), a cleared step is retracted, and a step written again after its retraction, or
 * edited back to a version the pipeline already replaced, is sent under its id's next generation.
 */
public final class LedgerSubmission {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SingleObjectAvroSerde<SpecificRecord> SERDE = SingleObjectAvroSerde.anyRecord();
    private static final Map<String, String> STEP_NAMES = Map.of("accepted", "受理", "concluded", "结案", "received", "登记",
            "closed", "办结", "filed", "立案", "appealed", "上诉", "judged-FIRST", "一审", "judged-SECOND", "二审");

    private final EventJsonCodec codec = new EventJsonCodec();

    /**
     * @param entities the entities the ledgers list
     * @param refused the entities whose rows were refused: left as they were, never deleted
     * @param previous what earlier submissions said about the towns and kinds of {@code entities}
     * @param sync withdraw the entities of earlier submissions that the ledgers no longer list,
     *     for the towns, kinds and years they cover
     * @param now when the retractions happen
     */
    public SubmissionPlan plan(Collection<LedgerEntity> entities, Set<EntityKey> refused, Map<EntityKey, SubmittedEntity> previous,
                               boolean sync, Instant now) {
        List<EntityChange> changes = new ArrayList<>();
        List<SpecificRecord> events = new ArrayList<>();
        List<SubmittedEntity> toSave = new ArrayList<>();
        Set<EntityKey> listed = new HashSet<>();
        Set<String> covered = new HashSet<>();
        for (LedgerEntity entity : entities) {
            EntityKey key = keyOf(entity);
            listed.add(key);
            covered.add(scope(key.townCode(), key.kind(), entity.year()));
            compare(entity, key, previous.get(key), now, changes, events, toSave);
        }
        for (SubmittedEntity earlier : previous.values()) {
            EntityKey key = earlier.key();
            if (listed.contains(key) || refused.contains(key) || !earlier.live()
                    || !covered.contains(scope(key.townCode(), key.kind(), earlier.year()))) {
                continue;
            }
            if (!sync) {
                changes.add(new EntityChange(EntityChange.Change.NOT_LISTED, key, earlier.place(), List.of()));
                continue;
            }
            List<SubmittedStep> steps = new ArrayList<>();
            List<String> details = new ArrayList<>();
            for (SubmittedStep step : earlier.steps()) {
                if (!step.withdrawn()) {
                    events.add(retraction(key, step, now));
                    details.add(stepName(step.step()) + "：撤回 / withdrawn");
                    step = withdrawn(step);
                }
                steps.add(step);
            }
            changes.add(new EntityChange(EntityChange.Change.DELETED, key, earlier.place(), details));
            toSave.add(new SubmittedEntity(key, earlier.year(), earlier.place(), steps));
        }
        return new SubmissionPlan(changes, events, toSave);
    }

    private void compare(LedgerEntity entity, EntityKey key, SubmittedEntity earlier, Instant now, List<EntityChange> changes,
                         List<SpecificRecord> events, List<SubmittedEntity> toSave) {
        Map<String, SubmittedStep> before = new LinkedHashMap<>();
        if (earlier != null) {
            earlier.steps().forEach(s -> before.put(s.step(), s));
        }
        Set<String> stepNames = new LinkedHashSet<>(entity.steps().keySet());
        stepNames.addAll(before.keySet());
        List<SubmittedStep> after = new ArrayList<>();
        List<String> details = new ArrayList<>();
        EntityKind kind = entity.kind().entityKind();
        for (String name : stepNames) {
            SpecificRecord now_ = entity.steps().get(name);
            SubmittedStep old = before.get(name);
            if (now_ == null) {
                if (old != null && !old.withdrawn()) {
                    events.add(retraction(key, old, now));
                    details.add(stepName(name) + "：清空，撤回 / cleared, withdrawn");
                    after.add(withdrawn(old));
                } else if (old != null) {
                    after.add(old);
                }
                continue;
            }
            if (old == null || old.withdrawn()) {
                int generation = old == null ? 1 : old.generation() + 1;
                SpecificRecord event = withId(now_, StableEventIds.eventId(key.townCode(), kind, key.entityId(), name, generation));
                events.add(event);
                after.add(step(name, event, generation, List.of()));
                if (old != null || earlier != null) {
                    details.add(stepName(name) + "：新增 / added");
                }
                continue;
            }
            SpecificRecord event = withId(now_, old.eventId());
            long fingerprint = fingerprint(event);
            if (fingerprint == old.fingerprint()) {
                after.add(old);
                continue;
            }
            String difference = stepName(name) + "：" + difference(old.content(), codec.encode(event));
            if (old.superseded().contains(fingerprint)) {
                // the pipeline ignores a version it already replaced: withdraw the id and send this one under the next
                events.add(retraction(key, old, now));
                int generation = old.generation() + 1;
                SpecificRecord renewed = withId(now_, StableEventIds.eventId(key.townCode(), kind, key.entityId(), name, generation));
                events.add(renewed);
                after.add(step(name, renewed, generation, List.of()));
            } else {
                events.add(event);
                List<Long> superseded = new ArrayList<>(old.superseded());
                superseded.add(old.fingerprint());
                after.add(step(name, event, old.generation(), superseded));
            }
            details.add(difference);
        }
        EntityChange.Change change = earlier == null || !earlier.live() ? EntityChange.Change.ADDED // new, or deleted before and listed again
                : details.isEmpty() ? EntityChange.Change.UNCHANGED : EntityChange.Change.CHANGED;
        changes.add(new EntityChange(change, key, entity.place(), details));
        if (change != EntityChange.Change.UNCHANGED || earlier.year() != entity.year() || !earlier.place().equals(entity.place())) {
            toSave.add(new SubmittedEntity(key, entity.year(), entity.place(), after));
        }
    }

    public static EntityKey keyOf(LedgerEntity entity) {
        return new EntityKey(entity.townCode(), entity.kind().entityKind().keySegment(), entity.entityId());
    }

    private static String scope(String town, String kind, int year) {
        return town + '|' + kind + '|' + year;
    }

    private SubmittedStep step(String name, SpecificRecord event, int generation, List<Long> superseded) {
        return new SubmittedStep(name, eventId(event), event.getSchema().getName(), fingerprint(event), generation, superseded, false,
                codec.encode(event));
    }

    private static SubmittedStep withdrawn(SubmittedStep step) {
        return new SubmittedStep(step.step(), step.eventId(), step.eventType(), step.fingerprint(), step.generation(), step.superseded(),
                true, step.content());
    }

    /** The retraction of a step's event: its id is the step's id and {@code -x}, so a second send is a duplicate. */
    private static EventRetracted retraction(EntityKey key, SubmittedStep step, Instant now) {
        return EventRetracted.newBuilder()
                .setEventId(step.eventId() + "-x")
                .setTownCode(key.townCode())
                .setOccurredAt(now)
                .setRetractedEventId(step.eventId())
                .setRetractedType(step.eventType())
                .setEntityId(key.entityId())
                .build();
    }

    private static SpecificRecord withId(SpecificRecord event, String eventId) {
        SpecificRecord copy = (SpecificRecord) SpecificData.getForSchema(event.getSchema()).deepCopy(event.getSchema(), event);
        copy.put(copy.getSchema().getField("event_id").pos(), eventId);
        return copy;
    }

    private static String eventId(SpecificRecord event) {
        return (String) event.get(event.getSchema().getField("event_id").pos());
    }

    /** As the pipeline fingerprints a version (EntityFacts), so that a version it would ignore is known here. */
    static long fingerprint(SpecificRecord event) {
        return SchemaNormalization.fingerprint64(SERDE.serialize(event));
    }

    private static String stepName(String step) {
        if (step.startsWith("hearing-")) {
            return "开庭 " + step.substring("hearing-".length());
        }
        return STEP_NAMES.getOrDefault(step, step);
    }

    /** {@code dispute_type NEIGHBOR → CONTRACT; occurred_at …}: the fields that differ. */
    private static String difference(String before, String after) {
        try {
            JsonNode old = JSON.readTree(before);
            JsonNode now = JSON.readTree(after);
            Set<String> fields = new LinkedHashSet<>();
            old.fieldNames().forEachRemaining(fields::add);
            now.fieldNames().forEachRemaining(fields::add);
            List<String> parts = new ArrayList<>();
            for (Iterator<String> it = fields.iterator(); it.hasNext(); ) {
                String field = it.next();
                if (field.equals("event_id")) {
                    continue;
                }
                String a = old.has(field) ? old.get(field).asText() : "–";
                String b = now.has(field) ? now.get(field).asText() : "–";
                if (!a.equals(b)) {
                    parts.add(field + " " + a + " → " + b);
                }
            }
            return String.join("; ", parts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
