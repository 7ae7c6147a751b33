package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.Scopes;
import cn.fazhi.pulse.streams.domain.EvidenceRecords;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The evidence of every dead letter, beside {@link RejectionCounter} which counts it: one record
 * per dead letter, keyed by its position on the dead-letter topic ({@code fazhi.dlq|partition|offset}),
 * so that a replay publishes the same key again instead of a second item. Its town and arrival
 * month are the ones the counter uses, so the items of dq.rejected add up to it.
 */
final class RejectionEvidence extends ContextualProcessor<String, byte[], String, EntityEvidence> {

    @Override
    public void process(Record<String, byte[]> record) {
        String town = DeadLetter.townOf(record.headers());
        Instant arrivedAt = Instant.ofEpochMilli(record.timestamp());
        String position = context().recordMetadata()
                .map(m -> m.partition() + "@" + m.offset())
                .orElseThrow(() -> new IllegalStateException("a dead letter without a position"));
        String key = context().recordMetadata().orElseThrow().topic() + '|' + position.replace('@', '|');
        EntityEvidence evidence = EvidenceRecords.rejected(town == null ? Scopes.UNKNOWN : town, position, arrivedAt);
        context().forward(new Record<>(key, evidence, context().currentSystemTimeMs()));
    }
}
