package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.streams.domain.Bucket;
import cn.fazhi.pulse.streams.domain.EntityFacts;
import cn.fazhi.pulse.streams.domain.EntityRulebook;
import cn.fazhi.pulse.streams.domain.Measures;
import cn.fazhi.pulse.streams.domain.ScopePeriod;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each entity's facts and publishes, for every event that changes them, the difference
 * between the entity's figures after and before, once per scope-period it rolls up to. Summing
 * these differences downstream is the same as recomputing every entity, in any arrival order.
 */
final class EntityStateProcessor extends ContextualProcessor<String, SpecificRecord, String, Figures> {
    private final String storeName;
    private final EntityRulebook rulebook;
    private KeyValueStore<String, EntityFacts> store;

    EntityStateProcessor(String storeName, EntityRulebook rulebook) {
        this.storeName = storeName;
        this.rulebook = rulebook;
    }

    @Override
    public void init(ProcessorContext<String, Figures> context) {
        super.init(context);
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        EntityKind kind = EventType.entityKind(event).orElseThrow();
        EntityFacts before = orNone(store.get(record.key()));
        EntityFacts after = before.with(event, Instant.ofEpochMilli(record.timestamp()));
        if (after == before) {
            return; // a duplicate: nothing changes
        }
        store.put(record.key(), after);
        Map<Bucket, Measures> change = rulebook.contribute(kind, after).minus(rulebook.contribute(kind, before));
        Instant asOf = Events.occurredAt(event);
        change.forEach((bucket, measures) -> {
            for (ScopePeriod scopePeriod : bucket.rollups()) {
                context().forward(new Record<>(scopePeriod.key(), new Figures(measures, asOf), record.timestamp()));
            }
        });
    }

    private static EntityFacts orNone(EntityFacts facts) {
        return facts == null ? EntityFacts.NONE : facts;
    }
}
