package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.streams.domain.Bucket;
import cn.fazhi.pulse.streams.domain.EntityFacts;
import cn.fazhi.pulse.streams.domain.EntityRulebook;
import cn.fazhi.pulse.streams.domain.Measures;
import cn.fazhi.pulse.streams.domain.ScopePeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each entity's facts and, for every event that changes them, adds the difference between
 * the entity's figures after and before to each scope-period it rolls up to. Summing these
 * differences downstream is the same as recomputing every entity, in any arrival order.
 *
 * <p>The differences wait in a changelogged outbox, summed per town-month, and are forwarded to the
 * nine scope-periods of each town-month on a short wall-clock interval: a bulk load of thousands of
 * events a second then sends nine records per town-month and interval downstream instead of nine
 * per event, and each event touches one or two small outbox entries. Outbox, facts and forwarded
 * records commit in one transaction, so nothing is lost or sent twice.
 */
final class EntityStateProcessor extends ContextualProcessor<String, SpecificRecord, String, Figures> {
    private final String storeName;
    private final String outboxName;
    private final Duration forwardInterval;
    private final EntityRulebook rulebook;
    private KeyValueStore<String, EntityFacts> store;
    private KeyValueStore<String, Figures> outbox;

    EntityStateProcessor(String storeName, String outboxName, Duration forwardInterval, EntityRulebook rulebook) {
        this.storeName = storeName;
        this.outboxName = outboxName;
        this.forwardInterval = forwardInterval;
        this.rulebook = rulebook;
    }

    @Override
    public void init(ProcessorContext<String, Figures> context) {
        super.init(context);
        store = context.getStateStore(storeName);
        outbox = context.getStateStore(outboxName);
        context.schedule(forwardInterval, PunctuationType.WALL_CLOCK_TIME, now -> forwardOutbox(now));
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
            Figures waiting = outbox.get(bucket.key());
            Figures delta = new Figures(measures, asOf);
            outbox.put(bucket.key(), waiting == null ? delta : waiting.plus(delta));
        });
    }

    private void forwardOutbox(long now) {
        List<KeyValue<String, Figures>> due = new ArrayList<>();
        try (KeyValueIterator<String, Figures> it = outbox.all()) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, Figures> entry : due) {
            if (!entry.value.measures().isEmpty()) { // changes that cancelled out need no trip
                for (ScopePeriod scopePeriod : Bucket.parse(entry.key).rollups()) {
                    context().forward(new Record<>(scopePeriod.key(), entry.value, now));
                }
            }
            outbox.delete(entry.key);
        }
    }

    private static EntityFacts orNone(EntityFacts facts) {
        return facts == null ? EntityFacts.NONE : facts;
    }
}
