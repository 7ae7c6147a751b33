package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.embedded.EmbeddedKafka;
import cn.fazhi.pulse.runtime.Endpoints;
import cn.fazhi.pulse.runtime.Pipeline;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * One pipeline as the demo runs it (the runtime's streams, exactly-once, and sink, with the
 * default settings). The benchmark gives each run a broker of its own and a database of its own
 * ({@link #onOwnBroker}), so that runs of different sizes never see each other's topics, state or
 * rows; the PostgreSQL server is shared.
 */
final class BenchPipeline implements AutoCloseable {
    private static final Duration CHECK_EVERY = Duration.ofMillis(20);

    private final Endpoints endpoints;
    private final AutoCloseable broker;
    private final Pipeline pipeline;
    private final Path stateDir;

    /**
     * Starts streams and sink against a broker and a database that exist.
     *
     * @param broker closed with the pipeline, or null if the caller owns the broker
     */
    BenchPipeline(Map<String, Object> kafkaConfig, AutoCloseable broker, Database database, Path stateDir, String name,
                  int streamThreads) throws Exception {
        this.endpoints = new Endpoints(String.valueOf(kafkaConfig.get("bootstrap.servers")), database, Map.of());
        this.broker = broker;
        this.stateDir = stateDir;
        FazhiConfig config = FazhiConfig.load(Optional.empty(), Map.of(), Map.of(
                ConfigKey.STREAMS_APPLICATION_ID, "bench-" + name,
                ConfigKey.SINK_GROUP_ID, "bench-sink-" + name,
                ConfigKey.STREAMS_THREADS, String.valueOf(streamThreads)));
        this.pipeline = Pipeline.prepare(endpoints, config).startStreams(stateDir).startSink();
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
        return endpoints.kafkaConfig();
    }

    Admin admin() {
        return pipeline.admin();
    }

    Database database() {
        return endpoints.database();
    }

    /** True when the streams have processed every event published so far and the sink has stored every snapshot. */
    boolean isStored() throws ExecutionException, InterruptedException {
        return pipeline.isDrained();
    }

    /** Waits until {@link #isStored()}, checking every 20 ms at first and every 250 ms at most, and returns the nanoTime it first held. */
    long awaitStored(Duration timeout) throws ExecutionException, InterruptedException {
        return pipeline.awaitDrained(timeout, CHECK_EVERY, 1);
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
        pipeline.close();
        if (broker != null) {
            broker.close();
        }
    }
}
