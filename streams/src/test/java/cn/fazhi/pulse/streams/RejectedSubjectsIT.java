package cn.fazhi.pulse.streams;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.producers.DeadLetterPublisher;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.RejectionSubject;
import cn.fazhi.pulse.schemas.SnapshotKey;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.schemas.indicators.Measure;
import cn.fazhi.pulse.streams.domain.Periods;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * dq.rejected on a real broker: the dead letters about entities travel to the tasks that read those
 * entities' events, and the valid events, which never leave their task, fix them there. It holds
 * only if the subjects' repartition topic is partitioned as the event topics are.
 */
@ExtendWith(PipelineBackends.class)
class RejectedSubjectsIT {
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    /** A town of its own, so that other tests' dead letters on the shared topics do not count here. */
    private static final String TOWN = "370323199000";
    /** Enough entities that their keys spread over several partitions, and so over several tasks. */
    private static final int ENTITIES = 16;

    @TempDir
    Path stateDir;

    @Test
    void shouldStopCountingEachRejectedEntityWhenAValidEventOfItArrivesOnWhicheverPartitionItsKeyGives(Backends backends)
            throws Exception {
        // Given a refused ledger row about each of several mediations
        Map<String, Object> kafka = Map.of("bootstrap.servers", backends.bootstrapServers());
        try (Admin admin = Admin.create(kafka)) {
            TopicSetup.ensure(admin, (short) 1);
        }
        String run = UUID.randomUUID().toString();
        List<SpecificRecord> fixes = new ArrayList<>();
        Instant arrived;
        try (DeadLetterPublisher deadLetters = new DeadLetterPublisher(kafka)) {
            RecordMetadata last = null;
            for (int i = 0; i < ENTITIES; i++) {
                SpecificRecord fix = TestEvents.accepted(TOWN, "m-" + run + "-" + i, "2020-03-05", "NEIGHBOR");
                fixes.add(fix);
                DeadLetter letter = new DeadLetter(DeadLetter.Stage.IMPORT, "mediations.xlsx", "row " + (i + 2), TOWN,
                        "缺少必填字段 / a required field is missing").withSubject(RejectionSubject.ofEntity(Events.key(fix)));
                last = deadLetters.publish(letter, "row " + (i + 2)).get();
            }
            arrived = Instant.ofEpochMilli(last.timestamp());
        }
        String rejected = new SnapshotKey(TOWN, Periods.monthOf(arrived).toString(), Measure.DQ_REJECTED).toString();

        var settings = new IndicatorStreams.Settings("rejected-subjects-it-" + run, kafka, stateDir, 1, (short) 1,
                Duration.ofMillis(100), Duration.ofMillis(200));
        try (IndicatorStreams streams = new IndicatorStreams(settings)) {
            streams.start();
            streams.awaitRunning(PATIENCE);
            assertThat(committedNumerator(backends, rejected, BigDecimal.valueOf(ENTITIES)))
                    .as("each refused entity counts once").isEqualByComparingTo(BigDecimal.valueOf(ENTITIES));

            // When a valid event of each arrives, on the partition the default partitioner gives its key
            Set<Integer> partitions = new HashSet<>();
            try (EventPublisher events = new EventPublisher(kafka)) {
                for (SpecificRecord fix : fixes) {
                    partitions.add(events.publish(fix).get().partition());
                }
            }
            assertThat(partitions).as("the entities are read by several tasks").hasSizeGreaterThan(1);

            // Then none of them counts any more
            assertThat(committedNumerator(backends, rejected, BigDecimal.ZERO))
                    .as("every entity fixed, whichever task read it").isEqualByComparingTo(BigDecimal.ZERO);
        }
    }

    /** The committed numerator of a snapshot once it is {@code expected}, or the last one seen within the patience. */
    private static BigDecimal committedNumerator(Backends backends, String key, BigDecimal expected) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, backends.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        BigDecimal latest = null;
        try (KafkaConsumer<String, IndicatorSnapshot> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), Topics.INDICATORS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.INDICATORS.name()));
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline && (latest == null || latest.compareTo(expected) != 0)) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        latest = r.value().getNumerator();
                    }
                }
            }
        }
        return latest;
    }
}
