package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.embedded.EmbeddedKafka;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.sink.Database;
import cn.fazhi.pulse.sink.DatabaseSchema;
import cn.fazhi.pulse.sink.IndicatorSink;
import cn.fazhi.pulse.sink.SinkSettings;
import cn.fazhi.pulse.sink.SnapshotWriter;
import cn.fazhi.pulse.streams.IndicatorStreams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * One pipeline as the demo runs it (indicator streams, exactly-once, and the sink) on a broker of
 * its own and a database of its own, so that runs of different sizes never see each other's
 * topics, state or rows. The PostgreSQL server is shared; each run gets a new database in it.
 */
final class BenchPipeline implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final Admin admin;
    private final Database database;
    private final IndicatorStreams streams;
    private final IndicatorSink sink;
    private final Thread sinkThread;
    private final Path stateDir;

    BenchPipeline(Path work, EmbeddedDatabase postgres, String name, int streamThreads) throws Exception {
        kafka = EmbeddedKafka.start(Files.createDirectories(work.resolve(name).resolve("kafka")), 0, 0);
        admin = Admin.create(kafkaConfig());
        TopicSetup.ensure(admin, (short) 1);
        database = new Database(postgres.createDatabase(name), postgres.user(), postgres.password());
        DatabaseSchema.migrate(database.dataSource());
        stateDir = Files.createDirectories(work.resolve(name).resolve("streams"));
        streams = new IndicatorStreams(new IndicatorStreams.Settings("bench-" + name, kafkaConfig(), stateDir, streamThreads,
                (short) 1, Duration.ofMillis(100), Duration.ofMillis(200)));
        streams.start();
        streams.awaitRunning(Duration.ofMinutes(2));
        sink = new IndicatorSink(kafkaConfig(), database, new SinkSettings("bench-sink-" + name, SinkSettings.DEFAULT.batchSize(),
                SinkSettings.DEFAULT.linger(), SinkSettings.DEFAULT.maxBackoff()));
        sinkThread = new Thread(sink, "fazhi-sink");
        sinkThread.start();
    }

    Map<String, Object> kafkaConfig() {
        return Map.of("bootstrap.servers", kafka.bootstrapServers());
    }

    Admin admin() {
        return admin;
    }

    Database database() {
        return database;
    }

    /**
     * True when the streams have processed every event published so far and the sink has stored
     * every snapshot they published: its offsets in the database reach the end of each partition
     * of the indicators topic but the last offset, which is the closing transaction's marker.
     */
    boolean isStored() throws ExecutionException, InterruptedException {
        if (sink.failure().isPresent()) {
            throw new IllegalStateException("the sink stopped: " + sink.failure().get().getMessage(), sink.failure().get());
        }
        if (!streams.hasProcessedAll(admin)) {
            return false;
        }
        Map<TopicPartition, Long> stored = new SnapshotWriter(database.jdbi()).storedOffsets();
        Map<TopicPartition, OffsetSpec> latest = Stream.iterate(0, p -> p + 1).limit(Topics.INDICATOR_PARTITIONS)
                .collect(Collectors.toMap(p -> new TopicPartition(Topics.INDICATORS.name(), p), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .allMatch(e -> e.getValue().offset() == 0 || stored.getOrDefault(e.getKey(), 0L) >= e.getValue().offset() - 1);
    }

    /** Waits until {@link #isStored()}, checking every 20 ms, and returns the nanoTime it first held. */
    long awaitStored(Duration timeout) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isStored()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pipeline did not store every snapshot within " + timeout);
            }
            Thread.sleep(20);
        }
        return System.nanoTime();
    }

    /** Bytes in the streams' state directory (RocksDB stores and checkpoints). */
    long stateBytes() {
        try (Stream<Path> files = Files.walk(stateDir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + stateDir, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        sink.close();
        sinkThread.join();
        streams.close();
        admin.close();
        kafka.close();
    }
}
