package cn.fazhi.pulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.streams.IndicatorStreams;
import cn.fazhi.pulse.streams.TestEvents;
import cn.fazhi.pulse.streams.topology.IndicatorTopology;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import cn.fazhi.pulse.testkit.sample.SeedTownsSample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the drain may say that the streams have processed everything: not while records they passed
 * on are still in their producer's buffer. Until the broker has them no end offset counts them,
 * so that offsets committed before they were passed on look complete, and a processor counts its
 * changes as gone as soon as it has handed them over.
 */
@ExtendWith(PipelineBackends.class)
class DrainIT {
    private static final String TOWN = "370323106000"; // 大张庄镇
    /**
     * Long, so that what the entity task passes on stays in the producer's buffer (its linger is
     * longer still) until the first commit flushes it, long after the input has been read, however
     * slow the machine. It costs no time: closing the streams commits at once.
     */
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(30);
    /** How long the input has been read, with its changes held in the buffer, when the watch ends. */
    private static final Duration WATCHED = Duration.ofSeconds(2);

    @TempDir
    Path stateDir;

    @Test
    void shouldNotSayTheStreamsAreIdleOrDoneWhileWhatTheyPassedOnIsStillInTheirProducersBuffer(Backends backends)
            throws Exception {
        // Given streams whose producer keeps what it is handed until a commit flushes it
        Map<String, Object> kafka = new HashMap<>(Map.of("bootstrap.servers", backends.bootstrapServers()));
        kafka.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), (int) COMMIT_INTERVAL.toMillis() * 4);
        // Each partition written to takes a whole batch from the producer's memory, and when that
        // runs out every batch is sent at once: room for a few hundred partitions' batches.
        kafka.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 << 10);
        kafka.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), 256L << 20);
        // longer than the commit interval: Kafka Streams' own default would abort the transaction first
        kafka.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), (int) COMMIT_INTERVAL.toMillis() * 2);
        String applicationId = "drain-it-" + UUID.randomUUID();
        String repartition = applicationId + "-" + IndicatorTopology.REPARTITION + "-repartition";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", backends.bootstrapServers()))) {
            TopicSetup.ensure(admin, (short) 1);
            var settings = new IndicatorStreams.Settings(applicationId, kafka, stateDir, 1, (short) 1, COMMIT_INTERVAL,
                    Duration.ofMillis(200));
            try (IndicatorStreams streams = new IndicatorStreams(settings)) {
                streams.start();
                streams.awaitRunning(Duration.ofMinutes(1));
                Drain drain = new Drain(admin);

                // When a town's events are published and read
                publishTown(kafka);
                List<String> saidIdle = new ArrayList<>();
                List<String> saidDone = new ArrayList<>();
                long start = System.nanoTime();
                long readSince = 0;
                while (readSince == 0 || System.nanoTime() - readSince < WATCHED.toNanos()) {
                    if (readSince == 0 && consumed(streams) > 0 && lagged(streams) == 0) {
                        readSince = System.nanoTime();
                    }
                    String at = String.format("%.2f s after publishing", (System.nanoTime() - start) / 1e9);
                    if (streams.isIdle()) {
                        saidIdle.add(at);
                    }
                    if (drain.processedAll(streams)) {
                        saidDone.add(at);
                    }
                    assertThat(System.nanoTime() - start).as("nanoseconds to read the input").isLessThan(COMMIT_INTERVAL.toNanos() / 2);
                    Thread.sleep(20);
                }
                long arrived = TopicSetup.endOffsets(admin, List.of(repartition)).values().stream().mapToLong(Long::longValue).sum();

                // Then, with the town's changes passed on but not yet on the broker, the streams are neither idle nor done
                assertThat(arrived).as("records on %s: the changes are still in the producer's buffer", repartition).isZero();
                assertThat(saidIdle).as("times the streams said they were idle").isEmpty();
                assertThat(saidDone).as("times the drain said everything was processed").isEmpty();
            } // closing commits, and so flushes the buffer: the other ITs drain the streams to their end
        }
    }

    private static void publishTown(Map<String, Object> kafka) {
        try (EventPublisher publisher = new EventPublisher(Map.of("bootstrap.servers", kafka.get("bootstrap.servers")))) {
            SeedTownsSample.lines().stream().filter(line -> line.contains(TOWN)).map(TestEvents::event).forEach(publisher::publish);
            publisher.flush();
        }
    }

    /** Records the streams' consumers have read so far. */
    private static double consumed(IndicatorStreams streams) {
        return sum(streams, "consumer-fetch-manager-metrics", "records-consumed-total", false);
    }

    /** Records the streams' consumers still have to read, summed over the partitions they fetched from. */
    private static double lagged(IndicatorStreams streams) {
        return sum(streams, "consumer-fetch-manager-metrics", "records-lag", true);
    }

    private static double sum(IndicatorStreams streams, String group, String name, boolean perPartition) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            MetricName m = metric.getKey();
            if (m.group().equals(group) && m.name().equals(name) && m.tags().containsKey("partition") == perPartition
                    && !m.tags().containsKey("topic") == !perPartition
                    && metric.getValue().metricValue() instanceof Double d && !d.isNaN()) {
                sum += d;
            }
        }
        return sum;
    }
}
