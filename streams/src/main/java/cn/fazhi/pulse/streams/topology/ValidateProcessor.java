package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.schemas.EventValidator;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.TownCode;
import cn.fazhi.pulse.schemas.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes and validates each input record with the same rules as import, judged against the time
 * the record arrived (not the wall clock, so a replay judges it the same way). Nothing is thrown:
 * a bad record becomes a dead letter and the stream goes on.
 */
final class ValidateProcessor extends ContextualProcessor<String, byte[], String, Checked> {
    private final Deserializer<SpecificRecord> reader;

    ValidateProcessor(Deserializer<SpecificRecord> reader) {
        this.reader = reader;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context().recordMetadata().map(m -> m.topic()).orElse("");
        context().forward(record.withValue(check(topic, record.key(), record.value(), Instant.ofEpochMilli(record.timestamp()))));
    }

    Checked check(String topic, String key, byte[] value, Instant arrivedAt) {
        if (value == null) {
            return new Checked.Invalid(null, "空消息 / empty message", null);
        }
        SpecificRecord event;
        try {
            event = reader.deserialize(topic, value);
        } catch (RuntimeException e) {
            return new Checked.Invalid(value, "无法解码：不是已登记的 Avro 模式 / cannot decode: " + e.getMessage(), null);
        }
        if (event == null) {
            return new Checked.Invalid(value, "空消息 / empty message", null);
        }
        List<Violation> violations = new ArrayList<>(EventValidator.validate(event, arrivedAt));
        String expectedKey = violations.isEmpty() ? Events.key(event) : null;
        if (expectedKey != null && !expectedKey.equals(key)) {
            violations.add(Violation.of("key", "消息键应为 " + expectedKey + "，实为 " + key,
                    "the record key must be " + expectedKey + " but is " + key));
        }
        if (violations.isEmpty()) {
            return new Checked.Valid(event);
        }
        String town = Events.townCode(event);
        String reason = violations.stream().map(Violation::describe).collect(Collectors.joining("; "));
        return new Checked.Invalid(value, reason, TownCode.isValid(town) ? town : null);
    }
}
