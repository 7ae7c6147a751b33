package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.embedded.EmbeddedKafka;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.sink.Database;
import cn.fazhi.pulse.sink.DatabaseSchema;
import cn.fazhi.pulse.sink.IndicatorSink;
import cn.fazhi.pulse.sink.SinkSettings;
import cn.fazhi.pulse.streams.IndicatorStreams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * One pipeline as the demo runs it (indicator streams, exactly-once, and the sink). The benchmark
 * gives each run a broker of its own and a database of its own ({@link #onOwnBroker}), so that runs
 * of different sizes never see each other's topics, state or rows; the PostgreSQL server is shared.
 */
final class BenchPipeline implements AutoCloseable {
    private final Map<String, Object> kafkaConfig;
    private final AutoCloseable broker;
    private final Admin admin;
    private final Database database;
    private final IndicatorStreams streams;
    private final IndicatorSink sink;
    private final Thread sinkThread;
    private final Path stateDir;

    /**
     * Starts streams and sink against a broker and a database that exist.
     *
     * @param broker closed with the pipeline, or null if the caller owns the broker
     */
    BenchPipeline(Map<String, Object> kafkaConfig, AutoCloseable broker, Database database, Path stateDir, String name,
                  int streamThreads) throws Exception {
        this.kafkaConfig = Map.copyOf(kafkaConfig);
        this.broker = broker;
        this.database = database;
        this.stateDir = stateDir;
        admin = Admin.create(kafkaConfig);
        TopicSetup.ensure(admin, (short) 1);
        DatabaseSchema.migrate(database.dataSource());
        streams = new IndicatorStreams(new IndicatorStreams.Settings("bench-" + name, kafkaConfig, stateDir, streamThreads,
                (short) 1, IndicatorStreams.Settings.DEFAULT_COMMIT_INTERVAL,
                IndicatorStreams.Settings.DEFAULT_EMIT_INTERVAL));
        streams.start();
        streams.awaitRunning(Duration.ofMinutes(2));
        sink = new IndicatorSink(kafkaConfig, database, new SinkSettings("bench-sink-" + name, SinkSettings.DEFAULT.batchSize(),
                SinkSettings.DEFAULT.linger(), SinkSettings.DEFAULT.maxBackoff()));
        sinkThread = new Thread(sink, "fazhi-sink");
        sinkThread.start();
    }

    /** A pipeline on a new embedded broker in {@code work/name} and a new database {@code name}. */
    static BenchPipeline onOwnBroker(Path work, EmbeddedDatabase postgres, String name, int streamThreads) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(Files.createDirectories(work.resolve(name).resolve("kafka")), 0, 0);
        try {
            return new BenchPipeline(Map.of("bootstrap.servers", kafka.bootstrapServers()), kafka,
                    new Database(postgres.createDatabase(name), postgres.user(), postgres.password()),
                    Files.createDirectories(work.resolve(name).resolve("streams")), name, streamThreads);
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    Map<String, Object> kafkaConfig() {
        return kafkaConfig;
    }

    Admin admin() {
        return admin;
    }

    Database database() {
        return database;
    }

    /**
     * True when the streams have processed every event published so far and the sink has stored
     * every snapshot they published: it has found nothing more to read at or past the end of each
     * partition of the indicators topic.
     */
    boolean isStored() throws ExecutionException, InterruptedException {
        if (sink.failure().isPresent()) {
            throw new IllegalStateException("the sink stopped: " + sink.failure().get().getMessage(), sink.failure().get());
        }
        if (!streams.hasProcessedAll(admin)) {
            return false;
        }
        // The sink's positions, not the offsets in the database: after the last snapshot of a
        // partition come one transaction marker per stream thread that wrote to it.
        Map<TopicPartition, Long> stored = sink.storedThrough();
        return TopicSetup.endOffsets(admin, List.of(Topics.INDICATORS.name())).entrySet().stream()
                .allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
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
    public void close() throws Exception {
        sink.close();
        sinkThread.join();
        streams.close();
        admin.close();
        if (broker != null) {
            broker.close();
        }
    }
}
