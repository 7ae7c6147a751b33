package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.evidence.EvidenceRejection;
import cn.fazhi.pulse.schemas.RejectionSubject;
import cn.fazhi.pulse.schemas.indicators.Measure;
import cn.fazhi.pulse.streams.domain.Bucket;
import cn.fazhi.pulse.streams.domain.EvidenceRecords;
import cn.fazhi.pulse.streams.domain.Measures;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * dq.rejected as the rows that currently need fixing. It keeps, per subject now rejected, where its
 * first rejection counts (town and arrival month) and its evidence: a subject counts once when it is
 * first rejected, not again when the same row is refused again, and stops counting when a valid
 * event for it arrives (its fix), which also takes its evidence item out of every list. A replay
 * finds the subjects already kept and counts nothing twice; the store is changelogged, so under
 * exactly-once the counts and the store move together.
 *
 * <p>It runs in the tasks that keep the entities: an entity's valid events come straight from its
 * event topic's partition, and the rejections of its rows from the partition of the subjects'
 * repartition topic with the same number, where the entity's key and the default partitioner put
 * them as they put its events. The two meet here in the order the task reads them.
 */
final class RejectedSubjects extends ContextualProcessor<String, SubjectSignal, String, EntityOutput> {
    private static final Measures ONE_REJECTED = Measures.builder().count(Measure.DQ_REJECTED).build();
    private static final Measures ONE_FIXED = Measures.builder().add(Measure.DQ_REJECTED, -1).build();

    private final String storeName;
    private KeyValueStore<String, SubjectSignal.Rejected> subjects;

    RejectedSubjects(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, EntityOutput> context) {
        super.init(context);
        subjects = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, SubjectSignal> record) {
        if (record.value() instanceof SubjectSignal.Rejected rejected) {
            rejected(rejected, record.timestamp());
        } else {
            // a valid event fixes its entity's ledger row and the refused versions of itself
            String entityKey = record.key();
            String eventId = ((SubjectSignal.Valid) record.value()).eventId();
            fixed(RejectionSubject.entityId(entityKey), record.timestamp());
            fixed(RejectionSubject.eventId(entityKey, eventId), record.timestamp());
        }
    }

    private void rejected(SubjectSignal.Rejected rejected, long timestamp) {
        if (subjects.get(rejected.subjectId()) != null) {
            return;
        }
        subjects.put(rejected.subjectId(), rejected);
        forward(rejected, ONE_REJECTED, rejected.arrivedAt(), timestamp,
                EvidenceRecords.rejected(rejected.townCode(), position(rejected), rejected.arrivedAt(), refused(rejected)));
    }

    private void fixed(String subjectId, long timestamp) {
        SubjectSignal.Rejected rejected = subjects.get(subjectId);
        if (rejected == null) {
            return;
        }
        subjects.delete(subjectId);
        Instant fixedAt = Instant.ofEpochMilli(timestamp);
        forward(rejected, ONE_FIXED, fixedAt, timestamp,
                EvidenceRecords.fixed(rejected.townCode(), position(rejected), rejected.arrivedAt(), refused(rejected), fixedAt));
    }

    /** The change to dq.rejected of the town and month of the first rejection, and the evidence item that goes with it. */
    private void forward(SubjectSignal.Rejected rejected, Measures change, Instant asOf, long timestamp, EntityEvidence evidence) {
        Bucket bucket = Bucket.of(rejected.townCode(), rejected.arrivedAt());
        context().forward(new Record<>(bucket.key(), new Figures(change, asOf), timestamp));
        context().forward(new Record<>(rejected.evidenceKey(), new EntityOutput.Evidence(evidence), timestamp));
    }

    private static EvidenceRejection refused(SubjectSignal.Rejected rejected) {
        return new EvidenceRejection(rejected.source(), rejected.position(), rejected.reason());
    }

    /** The dead letter's position on its topic, {@code partition@offset}, as its evidence item names it. */
    private static String position(SubjectSignal.Rejected rejected) {
        String key = rejected.evidenceKey();
        String partitionAndOffset = key.substring(key.indexOf('|') + 1);
        return partitionAndOffset.replace('|', '@');
    }
}
