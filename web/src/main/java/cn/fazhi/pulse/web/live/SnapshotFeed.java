package cn.fazhi.pulse.web.live;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.schemas.serde.ValueSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each instance's own reader of {@code fazhi.indicators}: every partition assigned, no consumer
 * group (so every instance sees every change), starting at the end (the state before comes from
 * the database). Each poll's snapshots go to the listener as one batch.
 */
public final class SnapshotFeed implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFeed.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Deserializer<SpecificRecord> values;
    private final Consumer<List<LiveSnapshot>> listener;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final AtomicLong received = new AtomicLong();
    private volatile boolean running = true;

    public SnapshotFeed(Map<String, Object> kafkaConfig, Consumer<List<LiveSnapshot>> listener) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Snapshots of an aborted streams transaction never existed: show only committed ones.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.values = ValueSerdes.fromConfig(kafkaConfig).deserializer();
        this.listener = listener;
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INDICATORS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, not at the first poll
            positioned.countDown();
            while (running) {
                List<LiveSnapshot> batch = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    decode(record, batch);
                }
                if (!batch.isEmpty()) {
                    received.addAndGet(batch.size());
                    listener.accept(batch);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Waits until the feed reads from the end of the topic, so that no later change is missed. */
    public boolean awaitPositioned(Duration timeout) throws InterruptedException {
        return positioned.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long received() {
        return received.get();
    }

    private void decode(ConsumerRecord<String, byte[]> record, List<LiveSnapshot> batch) {
        if (record.value() == null) {
            return;
        }
        try {
            if (values.deserialize(record.topic(), record.value()) instanceof IndicatorSnapshot snapshot) {
                batch.add(LiveSnapshot.of(snapshot));
            }
        } catch (RuntimeException e) {
            // The sink sets such a record aside on the dead-letter topic; the live view just does not show it.
            LOG.warn("live view skips undecodable {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
