package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.schemas.DeadLetters;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/** A refused record as a person can read it: its raw bytes, with reason and origin in headers. */
final class DeadLetterProcessor extends ContextualProcessor<String, Checked, String, byte[]> {

    @Override
    public void process(Record<String, Checked> record) {
        Checked.Invalid invalid = (Checked.Invalid) record.value();
        RecordHeaders headers = new RecordHeaders();
        DeadLetters.add(headers, DeadLetters.REASON, invalid.reason());
        DeadLetters.add(headers, DeadLetters.STAGE, "streams");
        DeadLetters.add(headers, DeadLetters.TOWN, invalid.townCode());
        context().recordMetadata().ifPresent(m -> {
            DeadLetters.add(headers, DeadLetters.SOURCE, m.topic());
            DeadLetters.add(headers, DeadLetters.POSITION, m.partition() + "@" + m.offset());
        });
        context().forward(new Record<>(record.key(), invalid.raw(), record.timestamp(), headers));
    }
}
