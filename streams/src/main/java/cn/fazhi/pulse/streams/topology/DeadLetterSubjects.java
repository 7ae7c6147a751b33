package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.RejectionSubject;
import cn.fazhi.pulse.schemas.Scopes;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Every dead letter, whichever stage refused it (import, HTTP, this topology, the sink), as a
 * rejection of its subject, keyed by what the subject is partitioned by so that it meets the valid
 * events that may fix it. A dead letter without a subject is its own subject, its position on the
 * dead-letter topic, and counts on its own; one whose town is missing or not a town code counts
 * under {@link Scopes#UNKNOWN}.
 */
final class DeadLetterSubjects extends ContextualProcessor<String, byte[], String, SubjectSignal> {

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata metadata = context().recordMetadata()
                .orElseThrow(() -> new IllegalStateException("a dead letter without a position"));
        String evidenceKey = metadata.topic() + '|' + metadata.partition() + '|' + metadata.offset();
        DeadLetter letter = DeadLetter.from(record.headers());
        RejectionSubject subject = letter.subject();
        String subjectId = subject == null ? "position " + evidenceKey : subject.id();
        String partitionKey = subject == null ? subjectId : subject.partitionKey();
        SubjectSignal.Rejected rejected = new SubjectSignal.Rejected(subjectId,
                letter.townCode() == null ? Scopes.UNKNOWN : letter.townCode(), Instant.ofEpochMilli(record.timestamp()),
                evidenceKey, letter.source(), letter.position(), letter.reason());
        context().forward(new Record<>(partitionKey, rejected, record.timestamp()));
    }
}
