package cn.fazhi.pulse.producers;

import cn.fazhi.pulse.schemas.DeadLetters;
import cn.fazhi.pulse.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts input refused at the door (a bad ledger row, a bad HTTP event) on the dead-letter topic,
 * so that it is counted in dq.rejected like anything the pipeline refuses later.
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
     * @param stage where it was refused: {@code import} or {@code http}
     * @param source the file or request
     * @param position the line or row
     * @param townCode the town, when it could be read
     */
    public void publish(String text, String reason, String stage, String source, String position, String townCode) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEAD_LETTERS.name(), source + ":" + position,
                text.getBytes(StandardCharsets.UTF_8));
        DeadLetters.add(record.headers(), DeadLetters.REASON, reason);
        DeadLetters.add(record.headers(), DeadLetters.STAGE, stage);
        DeadLetters.add(record.headers(), DeadLetters.SOURCE, source);
        DeadLetters.add(record.headers(), DeadLetters.POSITION, position);
        DeadLetters.add(record.headers(), DeadLetters.TOWN, townCode);
        producer.send(record);
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
