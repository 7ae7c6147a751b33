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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.data.RecordBuilder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Java client: publishes events to their domain's topic under the key
 * {@code town_code|kind|entity_id}, so every event of one entity lands on one partition. Events
 * are validated before sending; the producer is idempotent with {@code acks=all} and a bounded
 * delivery timeout (two minutes unless configured), so an acknowledged event is stored once, and
 * an event that cannot be stored fails its future instead of waiting for ever.
 *
 * <p>A whole program, publishing one mediation (see {@link NewEvent} for every type):
 *
 * <pre>{@code
 * try (EventPublisher publisher = new EventPublisher(Map.of("bootstrap.servers", "localhost:19092"))) {
 *     CompletableFuture<RecordMetadata> stored = publisher.publish(
 *             NewEvent.mediationAccepted("120111101000")
 *                     .setEventId("yl-m-0001-a")                       // the ledger's own number
 *                     .setOccurredAt(Instant.parse("2024-03-05T02:00:00Z"))
 *                     .setMediationId("m-0001")
 *                     .setDisputeType(DisputeType.NEIGHBOR));
 *     publisher.publish(NewEvent.petitionAccepted("120111101000").setPetitionId("p-0007"),
 *             (metadata, failure) -> log(failure == null ? "stored" : failure.getMessage()));
 *     stored.join();                                                 // or publisher.flush()
 * }                                                                  // close() flushes too
 * }</pre>
 *
 * <p>Thread-safe. Failures are {@link PublishException}s: {@link InvalidEventException}, thrown
 * by {@code publish} before anything is sent, and {@link DeliveryFailedException}, which fails
 * the future and is handed to the callback.
 */
public final class EventPublisher implements AutoCloseable {
    /** How Avro's builder names a required field that was never set. */
    private static final Pattern MISSING_FIELD = Pattern.compile("Field (\\w+) ");

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
     * Sends one event; the future completes when the broker has stored it, or fails with a
     * {@link DeliveryFailedException}.
     *
     * @throws InvalidEventException before sending, if the event breaks a rule of the contract
     */
    public CompletableFuture<RecordMetadata> publish(SpecificRecord event) {
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        publish(event, (stored, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(stored);
            }
        });
        return result;
    }

    /**
     * Sends one event built with {@link NewEvent} or an Avro builder.
     *
     * @throws InvalidEventException before sending, naming the field, if a required field was
     *     not set or a rule is broken
     */
    public CompletableFuture<RecordMetadata> publish(RecordBuilder<? extends SpecificRecord> draft) {
        return publish(build(draft));
    }

    /** Sends one event built with {@link NewEvent}, telling {@code callback} what became of it. */
    public void publish(RecordBuilder<? extends SpecificRecord> draft, SendCallback callback) {
        publish(build(draft), callback);
    }

    /**
     * Sends one event and tells {@code callback} once it is stored or has failed.
     *
     * @throws InvalidEventException before sending, if the event breaks a rule of the contract
     */
    public void publish(SpecificRecord event, SendCallback callback) {
        publish(event, List.of(), callback);
    }

    /**
     * Sends one event with Kafka headers (e.g. who submitted it, set by the HTTP ingest) and
     * tells {@code callback} once it is stored or has failed.
     *
     * @throws InvalidEventException before sending, if the event breaks a rule of the contract
     */
    public void publish(SpecificRecord event, List<Header> headers, SendCallback callback) {
        List<Violation> violations = EventValidator.validate(event, clock.instant());
        EntityKind kind = EventType.entityKind(event).orElse(null);
        if (violations.isEmpty() && kind == null) {
            violations = List.of(Violation.of("retracted_type", "不是可撤回的事件类型", "not an event type that can be retracted"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidEventException(violations);
        }
        String eventId = Events.eventId(event);
        try {
            producer.send(new ProducerRecord<>(kind.topic().topicName(), null, Events.key(event), event, headers), (metadata, error) ->
                    callback.onCompletion(error == null ? metadata : null, error == null ? null : new DeliveryFailedException(eventId, error)));
        } catch (KafkaException | IllegalStateException e) {
            // send() itself throws when the client is closed or its buffer stays full past max.block.ms
            callback.onCompletion(null, new DeliveryFailedException(eventId, e));
        }
    }

    /** Blocks until every event sent so far is acknowledged or has failed. */
    public void flush() {
        producer.flush();
    }

    /** Sends what is buffered and waits up to 30 s for its acknowledgements before closing. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    private static SpecificRecord build(RecordBuilder<? extends SpecificRecord> draft) {
        try {
            return draft.build();
        } catch (AvroRuntimeException e) {
            Matcher field = MISSING_FIELD.matcher(String.valueOf(e.getMessage()));
            String name = field.find() ? field.group(1) : "";
            throw new InvalidEventException(List.of(Violation.of(name, "缺少必填字段", "missing (required): " + e.getMessage())));
        }
    }
}
