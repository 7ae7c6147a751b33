package cn.fazhi.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.SnapshotKey;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.schemas.indicators.Measure;
import cn.fazhi.pulse.streams.domain.Periods;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record a rule fails on, on a real broker and exactly-once: its dead letter is committed with
 * the task's work, counted once, and the application keeps running.
 */
@ExtendWith(PipelineBackends.class)
class ProcessingFailureIT {
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @TempDir
    Path stateDir;

    @Test
    void shouldCommitTheDeadLetterOfAnEventARuleFailsOnAndCountItOnceWhenRunningExactlyOnce(Backends backends) throws Exception {
        // Given a penalty whose fine does not fit the rules' sums, on the enforcement topic
        Map<String, Object> kafka = Map.of("bootstrap.servers", backends.bootstrapServers());
        try (Admin admin = Admin.create(kafka)) {
            TopicSetup.ensure(admin, (short) 1);
        }
        String id = "p-it-" + UUID.randomUUID();
        String key = TestEvents.TOWN + "|penalty|" + id;
        byte[] penalty = TestEvents.penaltyWithAFineBeyondItsPrecision(id, "2020-03-05");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(EventTopic.ENFORCEMENT.topicName(), key, penalty)).get();
        }

        var settings = new IndicatorStreams.Settings("processing-failure-it-" + UUID.randomUUID(), kafka, stateDir, 1, (short) 1,
                Duration.ofMillis(100), Duration.ofMillis(200));
        try (IndicatorStreams streams = new IndicatorStreams(settings)) {
            // When the application processes it, exactly-once
            streams.start();
            streams.awaitRunning(PATIENCE);

            // Then its dead letter is committed, with its bytes, reason, stage and town
            ConsumerRecord<String, byte[]> dead = committedDeadLetter(backends, key);
            DeadLetter letter = DeadLetter.from(dead.headers());
            assertThat(dead.value()).isEqualTo(penalty);
            assertThat(letter.stage()).isEqualTo(DeadLetter.Stage.STREAMS);
            assertThat(letter.reason()).startsWith("规则处理失败 / a rule failed");
            assertThat(letter.townCode()).isEqualTo(TestEvents.TOWN);
            assertThat(letter.source()).isEqualTo(EventTopic.ENFORCEMENT.topicName());

            // And dq.rejected of its town and arrival month counts it, once, and nothing stopped
            String rejected = new SnapshotKey(TestEvents.TOWN, Periods.monthOf(Instant.ofEpochMilli(dead.timestamp())).toString(),
                    Measure.DQ_REJECTED).toString();
            IndicatorSnapshot count = committedSnapshot(backends, rejected);
            assertThat(count.getNumerator()).isEqualByComparingTo("1");
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(becomesIdle(streams)).as("nothing waits once it is counted").isTrue();
        }
    }

    private static boolean becomesIdle(IndicatorStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!streams.isIdle()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private static ConsumerRecord<String, byte[]> committedDeadLetter(Backends backends, String key) {
        try (KafkaConsumer<String, byte[]> consumer = committedReader(backends, new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEAD_LETTERS.name()));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no committed dead letter of " + key + " within " + PATIENCE);
    }

    /** The latest committed snapshot of a key, once it has appeared and nothing newer came for a few polls. */
    private static IndicatorSnapshot committedSnapshot(Backends backends, String key) {
        Map<String, IndicatorSnapshot> latest = new HashMap<>();
        try (KafkaConsumer<String, IndicatorSnapshot> consumer = committedReader(backends, Topics.INDICATORS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.INDICATORS.name()));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            int quietPolls = 0;
            while (System.nanoTime() < deadline && (!latest.containsKey(key) || quietPolls < 5)) {
                var records = consumer.poll(Duration.ofMillis(500));
                records.forEach(r -> latest.put(r.key(), r.value()));
                quietPolls = records.isEmpty() ? quietPolls + 1 : 0;
            }
        }
        assertThat(latest).as("committed snapshot %s", key).containsKey(key);
        return latest.get(key);
    }

    private static <V> KafkaConsumer<String, V> committedReader(Backends backends, Deserializer<V> values) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, backends.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), values);
    }
}
