package cn.fazhi.pulse.producers;

import cn.fazhi.pulse.schemas.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts input refused at the door (a bad ledger row, a bad HTTP event) on the dead-letter topic,
 * so that it is counted in dq.rejected like anything the pipeline refuses later. A dead letter the
 * broker does not store fails its future with a {@link DeadLetterNotStoredException}: the import
 * or the request that refused the input then reports it instead of claiming success. Thread-safe.
 */
public final class DeadLetterPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    public DeadLetterPublisher(Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends the refused text under the key {@code source:position}, with the dead letter's headers.
     *
     * @return completes once the broker has stored it, or fails with a
     *     {@link DeadLetterNotStoredException}: the only report of a failure, so wait for it
     */
    public CompletableFuture<RecordMetadata> publish(DeadLetter deadLetter, String text) {
        CompletableFuture<RecordMetadata> stored = new CompletableFuture<>();
        ProducerRecord<String, byte[]> record = deadLetter.record(deadLetter.source() + ":" + deadLetter.position(),
                text.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    stored.completeExceptionally(new DeadLetterNotStoredException(deadLetter, error));
                } else {
                    stored.complete(metadata);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            // send() itself throws when the client is closed or its buffer stays full past max.block.ms
            stored.completeExceptionally(new DeadLetterNotStoredException(deadLetter, e));
        }
        return stored;
    }

    /** Blocks until every dead letter sent so far is stored or has failed its future. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
