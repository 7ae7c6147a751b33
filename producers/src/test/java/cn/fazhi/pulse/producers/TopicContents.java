package cn.fazhi.pulse.producers;

import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.TopicContract;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.schemas.serde.ValueSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Everything on the event topics (or the dead-letter topic) of the test broker, read to the end. */
public final class TopicContents {
    private TopicContents() {}

    public static void createTopics(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            TopicSetup.ensure(admin, (short) 1);
        }
    }

    /** Every event on every event topic whose id starts with {@code prefix}, in the order read. */
    public static List<SpecificRecord> events(String bootstrapServers, String eventIdPrefix) {
        return events(bootstrapServers).stream().filter(e -> Events.eventId(e).startsWith(eventIdPrefix)).toList();
    }

    /** Every event on every event topic, in the order read. */
    public static List<SpecificRecord> events(String bootstrapServers) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers);
        List<String> topics = Topics.allEvents().stream().map(TopicContract::name).toList();
        return read(bootstrapServers, topics, ValueSerdes.fromConfig(config).deserializer()).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    /** Every dead letter's key ({@code source:position}). */
    public static List<String> deadLetterKeys(String bootstrapServers) {
        return read(bootstrapServers, List.of(Topics.DEAD_LETTERS.name()), new ByteArrayDeserializer()).stream()
                .map(ConsumerRecord::key).toList();
    }

    private static <V> List<ConsumerRecord<String, V>> read(String bootstrapServers, List<String> topics, Deserializer<V> values) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, V>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
