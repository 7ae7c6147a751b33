package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.schemas.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a record Kafka Streams cannot decode before any processor sees it: the event
 * topics are read as bytes and decoded by the validation step, so this is the repartition topic's
 * internal format, or a key that is not text. Like a processing failure (see
 * {@link ProcessingFailureHandler}), it goes to the dead-letter topic, committed with the task's
 * work, and counts in dq.rejected of its town.
 */
public final class DeserializationFailureHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeserializationFailureHandler.class);

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (Topics.DEAD_LETTERS.name().equals(record.topic())) {
            // A dead letter is stored already; writing it there again would fail again, for ever.
            LOG.error("a dead letter ({}-{}@{}) could not be read to count it in dq.rejected", record.topic(), record.partition(),
                    record.offset(), exception);
            return Response.resume();
        }
        String reason = "无法解码 / cannot decode: " + FailedRecords.describe(exception);
        LOG.warn("set aside {}-{}@{} as a dead letter: {}", record.topic(), record.partition(), record.offset(), reason);
        return Response.resume(List.of(FailedRecords.deadLetter(record.topic(), record.partition(), record.offset(),
                record.timestamp(), record.key(), record.value(), reason)));
    }
}
