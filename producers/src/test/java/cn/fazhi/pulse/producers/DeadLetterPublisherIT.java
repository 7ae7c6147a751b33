package cn.fazhi.pulse.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Dead letters at the door against a real broker: stored with their headers, or a failure no one can miss. */
@ExtendWith(PipelineBackends.class)
class DeadLetterPublisherIT {
    /** Over the broker's default largest message (1 MiB), under what the client below may send. */
    private static final int TOO_LARGE = 2 * 1024 * 1024;

    @BeforeAll
    static void topics(Backends backends) throws Exception {
        TopicContents.createTopics(backends.bootstrapServers());
    }

    @Test
    void shouldStoreTheTextWithTheDeadLettersHeadersWhenTheBrokerTakesIt(Backends backends) {
        String source = "ledger-" + UUID.randomUUID() + ".csv";
        DeadLetter letter = new DeadLetter(DeadLetter.Stage.IMPORT, source, "row 7", "120111101000", "缺少字段 / missing field");
        RecordMetadata stored;
        try (DeadLetterPublisher publisher = new DeadLetterPublisher(Map.of("bootstrap.servers", backends.bootstrapServers()))) {
            stored = publisher.publish(letter, "120111101000,调解,,").join();
        }

        ConsumerRecord<String, byte[]> record = read(backends, stored);

        assertThat(record.key()).isEqualTo(source + ":row 7");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("120111101000,调解,,");
        assertThat(DeadLetter.from(record.headers())).isEqualTo(letter);
    }

    @Test
    void shouldFailTheFutureWithAPermanentFailureWhenTheBrokerRefusesADeadLetterTooLarge(Backends backends) {
        Map<String, Object> config = Map.of("bootstrap.servers", backends.bootstrapServers(), "max.request.size", 2 * TOO_LARGE);
        DeadLetter letter = new DeadLetter(DeadLetter.Stage.HTTP, "POST /api/events", "line 1", null, "无法解析 / not JSON");
        try (DeadLetterPublisher publisher = new DeadLetterPublisher(config)) {
            CompletableFuture<RecordMetadata> result = publisher.publish(letter, "x".repeat(TOO_LARGE));
            publisher.flush();

            assertThatThrownBy(result::join).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(DeadLetterNotStoredException.class, e -> {
                        assertThat(e.retriable()).as("retriable").isFalse();
                        assertThat(e.deadLetter()).isEqualTo(letter);
                        assertThat(e).hasMessageContaining(Topics.DEAD_LETTERS.name()).hasMessageContaining("line 1");
                    });
        }
    }

    @Test
    void shouldFailTheFutureWithARetriableFailureWhenNoBrokerAnswers() {
        Map<String, Object> nobody = Map.of("bootstrap.servers", "localhost:1", "max.block.ms", 500,
                "request.timeout.ms", 500, "delivery.timeout.ms", 1000, "linger.ms", 0);
        DeadLetter letter = new DeadLetter(DeadLetter.Stage.IMPORT, "台账.csv", "row 3", null, "日期无效 / bad date");
        try (DeadLetterPublisher publisher = new DeadLetterPublisher(nobody)) {
            CompletableFuture<RecordMetadata> result = publisher.publish(letter, "bad row");

            assertThatThrownBy(result::join).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(DeadLetterNotStoredException.class, e -> assertThat(e.retriable()).isTrue());
        }
    }

    private static ConsumerRecord<String, byte[]> read(Backends backends, RecordMetadata stored) {
        TopicPartition partition = new TopicPartition(stored.topic(), stored.partition());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", backends.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, stored.offset());
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == stored.offset()) {
                        return record;
                    }
                }
            }
            throw new AssertionError("the dead letter at " + partition + "@" + stored.offset() + " was not read back");
        }
    }
}
