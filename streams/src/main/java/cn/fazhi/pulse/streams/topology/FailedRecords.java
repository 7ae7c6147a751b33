package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The dead letter of an input record Kafka Streams could not decode or a processor failed on:
 * the record's raw bytes, keyed as it was, with the reason and origin in the same headers as the
 * topology's own dead letters, so that it counts in dq.rejected of its town.
 */
final class FailedRecords {
    private FailedRecords() {}

    /**
     * @param rawKey the key as read, {@code town_code|kind|entity_id} on the event topics and
     *     {@code town_code|month} on the repartition topic: the town is read from its first part
     * @param timestamp the failed record's own, so that it counts in the month it arrived
     */
    static ProducerRecord<byte[], byte[]> deadLetter(String topic, int partition, long offset, long timestamp,
                                                     byte[] rawKey, byte[] rawValue, String reason) {
        String key = rawKey == null ? null : new String(rawKey, StandardCharsets.UTF_8);
        DeadLetter letter = new DeadLetter(DeadLetter.Stage.STREAMS, topic, partition + "@" + offset, townOf(key), reason);
        return new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, timestamp, rawKey, rawValue, letter.headers());
    }

    /** The first part of a key, which the dead letter keeps only if it is a town code. */
    static String townOf(String key) {
        if (key == null) {
            return null;
        }
        int bar = key.indexOf('|');
        return bar < 0 ? key : key.substring(0, bar);
    }

    /** The exception as a person reads it: its type and message, without the package. */
    static String describe(Exception exception) {
        String message = exception.getMessage();
        return exception.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
