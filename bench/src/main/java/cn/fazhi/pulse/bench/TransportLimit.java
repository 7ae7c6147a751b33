package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.schemas.serde.ValueSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the broker and the clients alone can move on this machine: the same events, serialized once
 * beforehand into the Avro bytes the pipeline sends, produced with a plain producer (idempotent,
 * {@code acks=all}, the publisher's batching and compression) to a fresh topic with the event
 * topics' partition count, then consumed to the end. One pass in and out of the broker.
 */
final class TransportLimit {
    private TransportLimit() {}

    static BenchResult run(Map<String, Object> kafkaConfig, Admin admin, Iterable<SimulatedEvent> events) throws Exception {
        return run(kafkaConfig, admin, events, (short) 1);
    }

    /** As {@link #run(Map, Admin, Iterable)}, the topic with {@code replication} copies of each partition. */
    static BenchResult run(Map<String, Object> kafkaConfig, Admin admin, Iterable<SimulatedEvent> events, short replication)
            throws Exception {
        var serializer = ValueSerdes.fromConfig(kafkaConfig).serializer();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        String topic = "bench.transport";
        for (SimulatedEvent e : events) {
            SpecificRecord event = e.event();
            records.add(new ProducerRecord<>(topic, Events.key(event), serializer.serialize(topic, event)));
        }
        admin.createTopics(List.of(new NewTopic(topic, Topics.EVENT_PARTITIONS, replication))).all().get();
        Thread.sleep(1000); // let the new partitions' leaders settle (see TopicSetup)

        long start = System.nanoTime();
        double cpu = CpuClock.processSeconds();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(kafkaConfig), new StringSerializer(),
                new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record);
            }
            producer.flush();
        }
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-transport-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long consumed = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (consumed < records.size() && System.nanoTime() < deadline) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(200));
                consumed += batch.count();
            }
        }
        if (consumed < records.size()) {
            throw new IllegalStateException("the transport benchmark read back " + consumed + " of " + records.size() + " events");
        }
        return new BenchResult("Transport limit: plain producer + consumer, same Avro bytes", records.size(),
                TopologyThroughput.seconds(start), "events", CpuClock.processSeconds() - cpu);
    }

    /** The publisher's producer settings ({@code EventPublisher}), for bytes instead of records. */
    private static Map<String, Object> producerConfig(Map<String, Object> kafkaConfig) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return config;
    }
}
