package cn.fazhi.pulse.runtime;

import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.sink.IndicatorSink;
import cn.fazhi.pulse.sink.SinkSettings;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.streams.IndicatorStreams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing half of the application: topics, the indicator streams and the sink, against
 * whatever endpoints it is given. Which parts run is chosen by the caller (all of them in the
 * demo and the benchmarks; one per service in a multi-service deployment).
 */
public final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final Endpoints endpoints;
    private final FazhiConfig config;
    private final Admin admin;
    private final Drain drain;
    private final List<AutoCloseable> closedFirst = new ArrayList<>();
    private Replication replication;
    private IndicatorStreams streams;
    private IndicatorSink sink;
    private Thread sinkThread;

    private Pipeline(Endpoints endpoints, FazhiConfig config) {
        this.endpoints = endpoints;
        this.config = config;
        this.admin = Admin.create(endpoints.kafkaConfig());
        this.drain = new Drain(admin);
    }

    /**
     * Creates missing topics, replicated as the cluster allows ({@link ClusterSetup}), and migrates
     * the database, so that any part can start.
     *
     * @throws SetupException if the cluster cannot hold the configured replication
     */
    public static Pipeline prepare(Endpoints endpoints, FazhiConfig config) throws ExecutionException, InterruptedException {
        Pipeline pipeline = new Pipeline(endpoints, config);
        try {
            ClusterSetup.Outcome topics = ClusterSetup.topics(pipeline.admin, config);
            pipeline.replication = topics.replication();
            if (!topics.created().isEmpty()) {
                LOG.info("created topics {} ({})", topics.created(), topics.replication());
            }
            topics.underReplicated().forEach(topic -> LOG.warn("{}", topic));
            DatabaseSchema.migrate(endpoints.database().dataSource());
        } catch (RuntimeException | ExecutionException e) {
            pipeline.admin.close();
            throw e;
        }
        return pipeline;
    }

    public Pipeline startStreams() throws InterruptedException {
        return startStreams(config.dataDir().resolve("streams"));
    }

    /** Starts the indicator streams with their state in the given folder. */
    public Pipeline startStreams(java.nio.file.Path stateDir) throws InterruptedException {
        Map<String, Object> kafka = new HashMap<>(endpoints.kafkaConfig());
        // A dead instance's tasks resume on an instance that kept a warm copy of their state, instead
        // of one that must first replay the changelog.
        kafka.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, replication.standbyReplicas());
        kafka.putIfAbsent(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), String.valueOf(replication.minInsyncReplicas()));
        streams = new IndicatorStreams(new IndicatorStreams.Settings(config.applicationId(), kafka,
                stateDir, config.streamThreads(), replication.factor(),
                config.commitInterval(), config.emitInterval(), config.streamsWriteBehind()));
        streams.start();
        streams.awaitRunning(Duration.ofMinutes(2));
        return this;
    }

    public Pipeline startSink() {
        sink = new IndicatorSink(endpoints.kafkaConfig(), endpoints.database(),
                new SinkSettings(config.sinkGroupId(), config.sinkBatchSize(), config.sinkLinger(), SinkSettings.DEFAULT.maxBackoff(),
                        config.sinkConnections()));
        sinkThread = new Thread(sink, "fazhi-sink");
        sinkThread.setUncaughtExceptionHandler((t, e) -> LOG.error("the sink stopped: {}", e.getMessage(), e));
        sinkThread.start();
        return this;
    }

    /** Something that serves on the pipeline (the HTTP API and dashboard): closed with it, first. */
    public Pipeline alsoClosing(AutoCloseable started) {
        closedFirst.add(started);
        return this;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public FazhiConfig config() {
        return config;
    }

    public IndicatorSink sink() {
        return sink;
    }

    public IndicatorStreams streams() {
        return streams;
    }

    /** The replication decided at {@link #prepare}. */
    public Replication replication() {
        return replication;
    }

    public Admin admin() {
        return admin;
    }

    /**
     * True when everything published so far has gone through the parts running here: the streams
     * have read and committed all input and hold nothing back, and the sink has stored every
     * snapshot published.
     */
    public boolean isDrained() throws InterruptedException, ExecutionException {
        return waitingFor() == null;
    }

    private String waitingFor() throws InterruptedException, ExecutionException {
        failIfStopped();
        return streams != null && !drain.processedAll(streams) ? "the streams to process the events"
                : sink != null && !drain.storedAll(sink) ? "the sink to store the indicators"
                : null;
    }

    /**
     * Waits until {@link #isDrained()} has held for {@code confirmations} checks in a row (so that
     * the transaction of the last publication has committed too), checking every {@code every};
     * returns the {@link System#nanoTime()} at which it first held.
     */
    public long awaitDrained(Duration timeout, Duration every, int confirmations) throws InterruptedException, ExecutionException {
        return Drain.await(this::waitingFor, timeout, every, confirmations);
    }

    /**
     * Waits until everything published so far has gone through the streams and the sink, and is
     * still so three checks later, an emit interval apart.
     */
    public void awaitIdle(Duration timeout) throws InterruptedException, ExecutionException {
        awaitDrained(timeout, config.emitInterval().plusMillis(100), 3);
    }

    private void failIfStopped() {
        if (sink != null && sink.failure().isPresent()) {
            throw new IllegalStateException("the sink stopped: " + sink.failure().get().getMessage(), sink.failure().get());
        }
        if (streams != null && (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING)) {
            throw new IllegalStateException("the indicator streams stopped: " + streams.state());
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (AutoCloseable first : closedFirst) {
            try {
                first.close();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.warn("closing {}: {}", first, e.getMessage(), e);
            }
        }
        if (sink != null) {
            sink.close();
            sinkThread.join();
        }
        if (streams != null) {
            streams.close();
        }
        admin.close();
    }

}
