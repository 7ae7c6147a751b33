package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the records the sink cannot store on {@link Topics#DEAD_LETTERS}, as they were read, with a
 * {@link DeadLetter} saying why, and waits until the broker has them: the offsets that move past a
 * record must never be stored before its dead letter is, or a failed send would lose it.
 */
final class DeadLetterSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSender.class);

    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<SpecificRecord> values;
    private final AtomicLong sent = new AtomicLong();

    DeadLetterSender(Map<String, Object> kafkaConfig, Serializer<SpecificRecord> values) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.values = values;
    }

    /**
     * Sends the refused records and waits for every acknowledgement; clears the collection once
     * all are stored, so that a batch tried again does not send them twice.
     *
     * @throws RetriableSinkException if one was not stored: the batch fails, and is tried again
     */
    void send(Collection<SinkBatch.Rejected> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        List<Future<?>> sends = new ArrayList<>();
        for (SinkBatch.Rejected r : rejected) {
            DeadLetter letter = new DeadLetter(DeadLetter.Stage.SINK, r.topic(), r.partition() + "@" + r.offset(), townOf(r.key()), r.reason());
            sends.add(producer.send(letter.record(r.key(), r.value())));
            LOG.warn("set aside {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), r.reason());
        }
        producer.flush();
        for (Future<?> send : sends) {
            try {
                send.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetriableSinkException("interrupted while storing dead letters", e);
            } catch (ExecutionException e) {
                throw new RetriableSinkException("cannot store a dead letter on " + Topics.DEAD_LETTERS.name() + ": " + e.getCause().getMessage(), e);
            }
        }
        sent.addAndGet(rejected.size());
        rejected.clear();
    }

    /**
     * Sends a snapshot the database refused on its own, with the record's own key and bytes:
     * encoding the snapshot again can fail for the very value refused.
     */
    void sendRefused(SinkBatch.Entry entry, String reason) {
        IndicatorSnapshot snapshot = entry.snapshot();
        byte[] value = entry.recordValue() != null ? entry.recordValue() : values.serialize(Topics.INDICATORS.name(), snapshot);
        String key = entry.recordKey() != null ? entry.recordKey() : entry.key();
        // Mutable: send() clears what it has sent.
        send(new ArrayList<>(List.of(new SinkBatch.Rejected(Topics.INDICATORS.name(), entry.partition(), entry.offset(), key, value, reason))));
    }

    /** Dead letters stored so far. */
    long sent() {
        return sent.get();
    }

    /** The town of a snapshot's key ({@code scope|period|indicator}); {@link DeadLetter} keeps it only if it is one. */
    private static String townOf(String key) {
        return key == null ? null : key.split("\\|", 2)[0];
    }

    @Override
    public void close() {
        producer.close();
    }
}
