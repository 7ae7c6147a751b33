package cn.fazhi.pulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.streams.IndicatorStreams;
import cn.fazhi.pulse.streams.TestEvents;
import cn.fazhi.pulse.streams.topology.TopologyHarness;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import cn.fazhi.pulse.testkit.sample.SeedTownsSample;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The indicator streams on a real broker, exactly-once, from published events to committed snapshots, drained as the runtime tells it. */
@ExtendWith(PipelineBackends.class)
class IndicatorStreamsIT {

    @TempDir
    Path stateDir;

    @Test
    void shouldPublishTheSeedFiguresAsCommittedSnapshotsWhenRunningExactlyOnceOnARealBroker(Backends backends) throws Exception {
        Map<String, Object> kafka = Map.of("bootstrap.servers", backends.bootstrapServers());
        createTopics(kafka);
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            SeedTownsSample.lines().stream()
                    .filter(line -> line.contains("370323106000")) // 大张庄镇
                    .map(TestEvents::event)
                    .forEach(publisher::publish);
            publisher.flush();
        }
        String applicationId = "indicator-streams-it-" + UUID.randomUUID();
        var settings = new IndicatorStreams.Settings(applicationId, kafka, stateDir, 1, (short) 1,
                Duration.ofMillis(100), Duration.ofMillis(200));

        Map<String, IndicatorSnapshot> latest = new HashMap<>();
        try (IndicatorStreams streams = new IndicatorStreams(settings);
             KafkaConsumer<String, IndicatorSnapshot> consumer = committedReader(backends)) {
            streams.start();
            streams.awaitRunning(Duration.ofMinutes(1));
            consumer.subscribe(List.of(Topics.INDICATORS.name()));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!done(latest) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
            }
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }

        assertThat(latest.get("370323106000|2020|mediation.accepted").getNumerator()).isEqualByComparingTo("139");
        assertThat(latest.get("370323106000|2020|mediation.success_rate").getValue()).isEqualTo(1.0);
        assertThat(latest.get("370323000000|2020|mediation.succeeded").getNumerator()).isEqualByComparingTo("139");
    }

    @Test
    void shouldEndWithTheFiguresOfAnUninterruptedRunWhenRestartedMidStreamWithItsLocalStateLost(Backends backends, @TempDir Path harnessDir)
            throws Exception {
        // Given two towns of two cities (so both partitions of the city repartition are used), the
        // first half of their events processed and committed, then the instance gone with its disk
        Map<String, Object> kafka = Map.of("bootstrap.servers", backends.bootstrapServers());
        createTopics(kafka);
        List<SpecificRecord> events = SeedTownsSample.lines().stream()
                .filter(line -> line.contains("370323106000") || line.contains("120111101000"))
                .map(TestEvents::event).toList();
        List<SpecificRecord> firstHalf = events.subList(0, events.size() / 2);
        List<SpecificRecord> secondHalf = events.subList(events.size() / 2, events.size());
        String applicationId = "indicator-streams-restart-" + UUID.randomUUID();
        publish(kafka, firstHalf);
        try (Admin admin = Admin.create(kafka);
             IndicatorStreams first = new IndicatorStreams(settings(applicationId, kafka, stateDir.resolve("first")))) {
            first.start();
            awaitProcessedAll(first, admin);
        }

        // When the rest arrives and a new instance, with an empty state folder, takes over
        publish(kafka, secondHalf);
        try (Admin admin = Admin.create(kafka);
             IndicatorStreams second = new IndicatorStreams(settings(applicationId, kafka, stateDir.resolve("second")))) {
            second.start();
            awaitProcessedAll(second, admin);
        }

        // Then the committed snapshots are those of one uninterrupted run over all the events
        Map<String, IndicatorSnapshot> stored = new HashMap<>();
        try (KafkaConsumer<String, IndicatorSnapshot> consumer = committedReader(backends)) {
            consumer.subscribe(List.of(Topics.INDICATORS.name()));
            for (int emptyPolls = 0; emptyPolls < 5; ) {
                var records = consumer.poll(Duration.ofMillis(500));
                records.forEach(r -> stored.put(r.key(), r.value()));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
            }
        }
        Map<String, IndicatorSnapshot> uninterrupted;
        try (TopologyHarness harness = new TopologyHarness(harnessDir, Instant.now())) {
            events.forEach(harness::send);
            uninterrupted = harness.emit().latest();
        }
        TreeSet<String> neverStored = new TreeSet<>(uninterrupted.keySet());
        neverStored.removeAll(stored.keySet());
        assertThat(neverStored).as("snapshots never stored").isEmpty();
        assertThat(figures(stored)).isEqualTo(figures(uninterrupted));
    }

    /**
     * The figures of each snapshot. Not its as_of: a snapshot is published when its value changes,
     * so its as_of is that of the newest event when it last changed, which depends on how events
     * were batched into emissions, not on what they sum to.
     */
    private static Map<String, String> figures(Map<String, IndicatorSnapshot> snapshots) {
        Map<String, String> figures = new TreeMap<>();
        snapshots.forEach((key, s) -> figures.put(key, s.getNumerator() + "/" + s.getDenominator() + "=" + s.getValue()));
        return figures;
    }

    private static void publish(Map<String, Object> kafka, List<SpecificRecord> events) {
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            events.forEach(publisher::publish);
            publisher.flush();
        }
    }

    /**
     * Both instances under one static group member id, as a restarted service keeps its name: the
     * new instance takes over the partitions of the one gone at once. Without it, the group keeps
     * them for the gone one until its session times out (Kafka Streams does not leave its group
     * on close), and the test spent most of its time waiting for that.
     */
    private static IndicatorStreams.Settings settings(String applicationId, Map<String, Object> kafka, Path stateDir) {
        Map<String, Object> member = new HashMap<>(kafka);
        member.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, applicationId + "-instance");
        return new IndicatorStreams.Settings(applicationId, member, stateDir, 1, (short) 1, Duration.ofMillis(100), Duration.ofMillis(200));
    }

    private static void awaitProcessedAll(IndicatorStreams streams, Admin admin) throws Exception {
        Drain drain = new Drain(admin);
        Drain.await(() -> drain.processedAll(streams) ? null : "the streams", Duration.ofMinutes(2), Duration.ofMillis(100), 3);
    }

    private static boolean done(Map<String, IndicatorSnapshot> latest) {
        IndicatorSnapshot succeeded = latest.get("370323000000|2020|mediation.succeeded");
        IndicatorSnapshot accepted = latest.get("370323106000|2020|mediation.accepted");
        return succeeded != null && accepted != null && succeeded.getNumerator().intValue() == 139
                && accepted.getNumerator().intValue() == 139 && latest.containsKey("370323106000|2020|mediation.success_rate")
                && latest.get("370323106000|2020|mediation.success_rate").getNumerator().intValue() == 139;
    }

    private static void createTopics(Map<String, Object> kafka) throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            TopicSetup.ensure(admin, (short) 1);
        }
    }

    private static KafkaConsumer<String, IndicatorSnapshot> committedReader(Backends backends) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, backends.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(config, new StringDeserializer(), Topics.INDICATORS.valueSerde().deserializer());
    }
}
