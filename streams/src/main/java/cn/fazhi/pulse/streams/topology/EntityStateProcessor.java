package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.TextHeaders;
import cn.fazhi.pulse.streams.domain.Bucket;
import cn.fazhi.pulse.streams.domain.Contribution;
import cn.fazhi.pulse.streams.domain.EntityFacts;
import cn.fazhi.pulse.streams.domain.EntityRulebook;
import cn.fazhi.pulse.streams.domain.EvidenceRecords;
import cn.fazhi.pulse.streams.domain.Measures;
import cn.fazhi.pulse.streams.domain.Submitters;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each entity's facts and, for every event that changes them, adds the difference between
 * the entity's figures after and before to each scope-period it rolls up to. Summing these
 * differences downstream is the same as recomputing every entity, in any arrival order.
 *
 * <p>The differences wait in a changelogged outbox, summed per town-month, and are forwarded on a
 * short wall-clock interval (longer while working through a backlog: see {@link Pacing}): a bulk
 * load then sends one record per town-month and interval downstream instead of one per event, and
 * each event touches one or two small outbox entries. Outbox, facts and forwarded records commit
 * in one transaction, so nothing is lost or sent twice.
 *
 * <p>An entity's evidence — its contribution, state and events as they stand — is passed on with
 * each event that changes it, in the same transaction. It does not wait in an outbox: most entities
 * (an inspection, a penalty, a consultation) have one event, so gathering them would save almost no
 * records and would cost two changelog records per entity, the entry and its deletion.
 */
final class EntityStateProcessor extends ContextualProcessor<String, SpecificRecord, String, EntityOutput> {
    /** Entities kept decoded per task: enough for the steps of a lifecycle that arrive weeks apart. */
    private static final int DECODED_ENTITIES = 20_000;

    private final String storeName;
    private final String outboxName;
    private final Duration forwardInterval;
    private final Pacing pacing;
    private final EntityRulebook rulebook;
    private final WaitingChanges waitingChanges;
    private WaitingChanges.Count waitingCount;
    private KeyValueStore<String, EntityFacts> store;
    private KeyValueStore<String, Figures> outbox;
    // Decoded copies of what the stores hold, so that the hot path reads objects instead of
    // decoding bytes: the stores stay the truth (every change is written to them before the next
    // commit), and init() rebuilds both copies whenever Kafka Streams (re)initializes the task.
    private Map<String, Known> decoded;
    private Map<String, Figures> waiting;

    /** An entity's facts with what they contribute, so that each event computes its figures once. */
    private record Known(EntityFacts facts, Contribution contribution) {}

    EntityStateProcessor(String storeName, String outboxName, Duration forwardInterval, Pacing pacing, EntityRulebook rulebook,
                         WaitingChanges waitingChanges) {
        this.storeName = storeName;
        this.outboxName = outboxName;
        this.forwardInterval = forwardInterval;
        this.pacing = pacing;
        this.rulebook = rulebook;
        this.waitingChanges = waitingChanges;
    }

    @Override
    public void init(ProcessorContext<String, EntityOutput> context) {
        super.init(context);
        store = context.getStateStore(storeName);
        outbox = context.getStateStore(outboxName);
        decoded = DecodedCopies.leastRecentlyUsed(DECODED_ENTITIES);
        waiting = DecodedCopies.everything(outbox);
        closeWaitingCount(); // a task initialized again keeps one count
        waitingCount = waitingChanges.open();
        waitingCount.set(waiting.size());
        context.schedule(forwardInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (pacing.due(now)) {
                forwardOutbox(pacing.newestInput(now));
            }
        });
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        pacing.received(record.timestamp());
        SpecificRecord event = record.value();
        EntityKind kind = EventType.entityKind(event).orElseThrow();
        Known before = known(record.key(), kind);
        EntityFacts after = before.facts().with(event, Instant.ofEpochMilli(record.timestamp()), submitter(record));
        if (after == before.facts()) {
            return; // a duplicate: nothing changes
        }
        // Whatever can fail on this event comes before the first write, so that an event the rules
        // cannot take leaves the entity as it was (it goes to the dead letters: ProcessingFailureHandler).
        Contribution contribution = rulebook.contribute(kind, after);
        Map<Bucket, Measures> changes = contribution.minus(before.contribution());
        Instant asOf = Events.occurredAt(event);
        store.put(record.key(), after);
        decoded.put(record.key(), new Known(after, contribution));
        changes.forEach((bucket, measures) -> {
            Figures delta = new Figures(measures, asOf);
            Figures sum = waiting.merge(bucket.key(), delta, Figures::plus);
            outbox.put(bucket.key(), sum);
        });
        waitingCount.set(waiting.size());
        context().forward(new Record<>(record.key(), new EntityOutput.Evidence(EvidenceRecords.of(kind, entityId(record.key()), after, contribution)),
                context().currentSystemTimeMs()));
    }

    /** The entity's own id: its key is {@code town|kind|id}, and the id may itself contain '|'. */
    private static String entityId(String key) {
        return key.substring(key.indexOf('|', key.indexOf('|') + 1) + 1);
    }

    /** Who submitted the event, where ingest records it: its account id is shown with the evidence, never counted. */
    private static String submitter(Record<String, SpecificRecord> record) {
        return Submitters.accountId(TextHeaders.get(record.headers(), Events.SUBMITTER_HEADER));
    }

    private Known known(String key, EntityKind kind) {
        Known known = decoded.get(key);
        if (known == null) {
            EntityFacts facts = store.get(key);
            known = facts == null ? new Known(EntityFacts.NONE, Contribution.NONE) : new Known(facts, rulebook.contribute(kind, facts));
        }
        return known;
    }

    /**
     * @param inputTime when the newest event behind these changes reached the broker: downstream
     *     tells from it how far behind the input it is
     */
    private void forwardOutbox(long inputTime) {
        for (Map.Entry<String, Figures> entry : waiting.entrySet()) {
            if (!entry.getValue().measures().isEmpty()) { // changes that cancelled out need no trip
                context().forward(new Record<>(entry.getKey(), entry.getValue(), inputTime));
            }
            outbox.delete(entry.getKey());
        }
        waiting.clear();
        waitingCount.set(0);
    }

    @Override
    public void close() {
        closeWaitingCount();
    }

    private void closeWaitingCount() {
        if (waitingCount != null) {
            waitingCount.close();
            waitingCount = null;
        }
    }
}
