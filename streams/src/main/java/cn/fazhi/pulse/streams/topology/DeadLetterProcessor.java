package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.schemas.DeadLetter;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/** A refused record as a person can read it: its raw bytes, with reason and origin in headers. */
final class DeadLetterProcessor extends ContextualProcessor<String, Checked, String, byte[]> {

    @Override
    public void process(Record<String, Checked> record) {
        Checked.Invalid invalid = (Checked.Invalid) record.value();
        String source = context().recordMetadata().map(m -> m.topic()).orElse(null);
        String position = context().recordMetadata().map(m -> m.partition() + "@" + m.offset()).orElse(null);
        DeadLetter letter = new DeadLetter(DeadLetter.Stage.STREAMS, source, position, invalid.townCode(), invalid.reason());
        context().forward(new Record<>(record.key(), invalid.raw(), record.timestamp(), letter.writeTo(new RecordHeaders())));
    }
}
