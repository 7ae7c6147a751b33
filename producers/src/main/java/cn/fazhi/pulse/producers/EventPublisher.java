package cn.fazhi.pulse.producers;

import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.EventValidator;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.Violation;
import cn.fazhi.pulse.schemas.serde.ValueSerdes;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events to their domain's topic under the key {@code town_code|kind|entity_id}, so
 * every event of one entity lands on one partition. Events are validated before sending; the
 * producer is idempotent with {@code acks=all}, so an acknowledged event is stored once.
 */
public final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<String, SpecificRecord> producer;
    private final Clock clock;

    /** @param kafkaConfig client settings, at least {@code bootstrap.servers} */
    public EventPublisher(Map<String, Object> kafkaConfig, Clock clock) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis());
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), ValueSerdes.fromConfig(config).serializer());
        this.clock = clock;
    }

    public EventPublisher(Map<String, Object> kafkaConfig) {
        this(kafkaConfig, Clock.systemUTC());
    }

    /**
     * Sends one event; the future completes when the broker has stored it.
     *
     * @throws InvalidEventException before sending, if the event breaks a rule of the contract
     */
    public CompletableFuture<RecordMetadata> publish(SpecificRecord event) {
        List<Violation> violations = EventValidator.validate(event, clock.instant());
        EntityKind kind = EventType.entityKind(event).orElse(null);
        if (violations.isEmpty() && kind == null) {
            violations = List.of(Violation.of("retracted_type", "不是可撤回的事件类型", "not an event type that can be retracted"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidEventException(violations);
        }
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(kind.topic().topicName(), Events.key(event), event), (metadata, error) -> {
            if (error != null) {
                result.completeExceptionally(new PublishException("event " + Events.eventId(event) + " was not stored: " + error.getMessage(), error));
            } else {
                result.complete(metadata);
            }
        });
        return result;
    }

    /** Blocks until every event sent so far is acknowledged or has failed. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
